// RFC 6238 codes for the tests of the second factor (HTTP and browser),
// computed independently of Mamori's C implementation.
import { createHmac } from 'node:crypto';

/* RFC 4648 base32 to bytes. */
export function unbase32(s) {
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let v = 0;
  const out = [];
  for (const ch of s) {
    v = (v << 5) | abc.indexOf(ch);
    bits += 5;
    if (bits >= 8) {
      out.push((v >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/* The RFC 6238 code (6 digits, HMAC-SHA1) of secret (base32) for step. */
export function codeAt(secret, step) {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', unbase32(secret)).update(msg).digest();
  const off = mac[19] & 0x0f;
  const bin = ((mac[off] & 0x7f) << 24) | (mac[off + 1] << 16) | (mac[off + 2] << 8) | mac[off + 3];
  return String(bin % 1000000).padStart(6, '0');
}

/* The 30-second step of now. */
export const nowStep = () => Math.floor(Date.now() / 1000 / 30);
