// dates.mjs - the calendar arithmetic of the tests: days in Asia/Tokyo (the
// directive's day, as the server counts it) as "YYYY-MM-DD", and moments
// as ISO 8601 UTC without milliseconds, as the API takes them.

/* The civil date of the instant ms in Asia/Tokyo. */
export const tokyoDay = (ms) => new Date(ms).toLocaleDateString('sv-SE', { timeZone: 'Asia/Tokyo' });

/* Today in Asia/Tokyo. */
export const today = () => tokyoDay(Date.now());

/* iso plus n days (n may be negative). */
export function addDays(iso, n) {
  const t = new Date(`${iso}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + n);
  return t.toISOString().slice(0, 10);
}

/* iso plus n calendar months, the day kept or, past the month's end, its last day. */
export function addMonths(iso, n) {
  const [y, m, d] = iso.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1 + n, 1));
  const last = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 0)).getUTCDate();
  t.setUTCDate(Math.min(d, last));
  return t.toISOString().slice(0, 10);
}

const moment = (ms) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
export const hoursFromNow = (h) => moment(Date.now() + h * 3600e3);
export const hoursAgo = (h) => moment(Date.now() - h * 3600e3);
export const minutesAgo = (m) => moment(Date.now() - m * 60e3);
