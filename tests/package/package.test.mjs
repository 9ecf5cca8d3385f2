// package.test.mjs - the Debian package (issue 15): it builds with
// dpkg-buildpackage, lintian finds no error in it, its files are where a
// Debian administrator expects them, its systemd units verify, its system
// user and directories come out of sysusers.d/tmpfiles.d, and the binary
// it installs (extracted with dpkg-deb -x into a throwaway root) creates
// a fresh database and serves it with the shipped configuration; the
// timers' jobs (backup with rotation, checkpoint verified against the
// previous one) run from the package too.  Needs dpkg-dev, debhelper,
// lintian, scdoc (scripts/install-deps.sh).  Run on its own (tests/package
// is not part of tests/http): MAMORI_BIN is not used, the package's binary is.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync, statSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const OUT = mkdtempSync(join(tmpdir(), 'mamori-deb-'));
const ROOTFS = join(OUT, 'root');
let deb = null;

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20, ...opts });
  return { status: r.status, stdout: r.stdout || '', stderr: r.stderr || '', out: (r.stdout || '') + (r.stderr || '') };
}
const bin = () => join(ROOTFS, 'usr/bin/mamori');

before(() => {
  const r = run(join(HERE, 'build-deb.sh'), [OUT], { timeout: 600000 });
  assert.equal(r.status, 0, r.out);
  deb = r.stdout.trim().split('\n').pop();
  assert.ok(existsSync(deb), deb);
  const x = run('dpkg-deb', ['-x', deb, ROOTFS]);
  assert.equal(x.status, 0, x.out);
});
after(() => rmSync(OUT, { recursive: true, force: true }));

test('lintian finds no error in the package (warnings are printed)', () => {
  const r = run('lintian', ['--fail-on', 'error', deb]);
  const lines = r.out.split('\n').filter((l) => /^[EW]: /.test(l));
  if (lines.length) console.log('lintian:\n' + lines.join('\n'));
  assert.equal(lines.filter((l) => l.startsWith('E: ')).length, 0, r.out);
  assert.equal(r.status, 0, r.out);
});

test('the package holds the binary, units, user, directories, configuration, man pages', () => {
  for (const f of [
    'usr/bin/mamori',
    'lib/systemd/system/mamori.service',
    'lib/systemd/system/mamori-backup.service', 'lib/systemd/system/mamori-backup.timer',
    'lib/systemd/system/mamori-checkpoint.service', 'lib/systemd/system/mamori-checkpoint.timer',
    'usr/libexec/mamori/mamori-backup', 'usr/libexec/mamori/mamori-checkpoint',
    'usr/lib/sysusers.d/mamori.conf', 'usr/lib/tmpfiles.d/mamori.conf',
    'etc/mamori/mamori.ini', 'etc/default/mamori',
    'usr/share/doc/mamori/examples/nginx-mamori.conf',
    'usr/share/doc/mamori/examples/message-check.conf',
    'usr/share/man/man1/mamori.1.gz', 'usr/share/man/man5/mamori.ini.5.gz',
  ]) assert.ok(existsSync(join(ROOTFS, f)), `${f} is in the package`);
  const conffiles = run('dpkg-deb', ['-f', deb, 'Package']).stdout.trim();
  assert.equal(conffiles, 'mamori');
  const ctl = join(OUT, 'control');
  assert.equal(run('dpkg-deb', ['-e', deb, ctl]).status, 0);
  const cf = readFileSync(join(ctl, 'conffiles'), 'utf8');
  assert.match(cf, /^\/etc\/mamori\/mamori\.ini$/m, 'the configuration is a conffile');
  const postinst = readFileSync(join(ctl, 'postinst'), 'utf8');
  assert.match(postinst, /systemd-sysusers .*mamori\.conf/);
  assert.match(postinst, /systemd-tmpfiles .*--create mamori\.conf/);
  const unit = readFileSync(join(ROOTFS, 'lib/systemd/system/mamori.service'), 'utf8');
  for (const h of ['User=mamori', 'NoNewPrivileges=yes', 'ProtectSystem=strict', 'ProtectHome=yes',
    'PrivateTmp=yes', 'PrivateDevices=yes', 'ReadWritePaths=/var/lib/mamori -/var/backups/mamori', 'UMask=0077',
    'RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX', 'MemoryDenyWriteExecute=yes',
    'LockPersonality=yes', 'SystemCallFilter=@system-service',
    'ExecStart=/usr/bin/mamori serve --config /etc/mamori/mamori.ini'])
    assert.ok(unit.includes(h + '\n'), `mamori.service has ${h}`);
  const man = run('man', ['-l', '-P', 'cat', join(ROOTFS, 'usr/share/man/man1/mamori.1.gz')],
    { env: { ...process.env, MANWIDTH: '80' } });
  assert.equal(man.status, 0, man.out);
  assert.match(man.stdout, /backup --db PATH --to FILE/);
});

test('the package holds exactly what meson install installs (and debhelper\'s doc files)', () => {
  const obj = readdirSync(join(OUT, 'src')).find((d) => d.startsWith('obj-'));
  assert.ok(obj, 'the package build directory');
  const r = run('meson', ['introspect', '--installed', join(OUT, 'src', obj)]);
  assert.equal(r.status, 0, r.out);
  const meson = Object.values(JSON.parse(r.stdout))
    .map((f) => f.replace(/^\/usr\/share\/man\/(.*)$/, '/usr/share/man/$1.gz')).sort();
  const files = run('dpkg-deb', ['--fsys-tarfile', deb]);
  const list = run('tar', ['-tf', '-'], { input: run('dpkg-deb', ['--fsys-tarfile', deb], { encoding: 'buffer' }).stdout });
  assert.equal(files.status, 0);
  const packaged = list.stdout.split('\n').filter((l) => l && !l.endsWith('/'))
    .map((l) => l.replace(/^\./, ''))
    .filter((l) => !['/usr/share/doc/mamori/changelog.gz', '/usr/share/doc/mamori/copyright'].includes(l))
    .sort();
  assert.deepEqual(packaged, meson);
});

test('systemd-analyze verify accepts the service and the timers', (t) => {
  const r = run(join(HERE, 'verify-units.sh'),
    [join(ROOTFS, 'lib/systemd/system'), '/usr', join(ROOTFS, 'usr')]);
  if (r.status === 77) {
    t.skip(r.out.trim());
    return;
  }
  assert.equal(r.status, 0, r.out);
});

test('sysusers.d makes the mamori user, tmpfiles.d its directories with owners and modes', () => {
  const sys = join(OUT, 'sys');
  for (const d of ['etc', 'var/lib', 'var/backups', 'usr/sbin']) run('mkdir', ['-p', join(sys, d)]);
  const u = run('systemd-sysusers', [`--root=${sys}`, join(ROOTFS, 'usr/lib/sysusers.d/mamori.conf')]);
  assert.equal(u.status, 0, u.out);
  const passwd = readFileSync(join(sys, 'etc/passwd'), 'utf8');
  const m = /^mamori:x:(\d+):(\d+):[^:]*:\/var\/lib\/mamori:\/usr\/sbin\/nologin$/m.exec(passwd);
  assert.ok(m, passwd);
  assert.ok(Number(m[1]) < 1000, 'a system user');
  const f = run('systemd-tmpfiles', [`--root=${sys}`, '--create', join(ROOTFS, 'usr/lib/tmpfiles.d/mamori.conf')]);
  assert.equal(f.status, 0, f.out);
  for (const [d, mode, uid] of [['var/lib/mamori', 0o750, m[1]], ['var/backups/mamori', 0o750, m[1]],
    ['var/lib/mamori/checkpoints', 0o750, m[1]], ['etc/mamori', 0o750, '0']]) {
    const st = statSync(join(sys, d));
    assert.equal(st.mode & 0o7777, mode, `${d} mode`);
    assert.equal(String(st.uid), uid, `${d} owner`);
    assert.equal(String(st.gid), m[2], `${d} group mamori`);
  }
});

test('the installed binary creates a fresh database and serves it with the shipped configuration', async () => {
  const dir = join(OUT, 'run');
  run('mkdir', ['-p', dir]);
  const db = join(dir, 'mamori.db');
  assert.match(run(bin(), ['--version']).stdout, /^mamori \d/);
  const init = run(bin(), ['init', '--db', db]);
  assert.equal(init.status, 0, init.out);
  // The shipped file as the operator would keep it, on a free port.
  const ini = readFileSync(join(ROOTFS, 'etc/mamori/mamori.ini'), 'utf8')
    .replace('url = /var/lib/mamori/mamori.db', `url = ${db}`)
    .replace('; listen = 127.0.0.1:8080', 'listen = 127.0.0.1:0')
    .replace('field_key = /var/lib/mamori/field.key', `field_key = ${join(dir, 'field.key')}`);
  assert.match(ini, new RegExp(`field_key = ${join(dir, 'field.key')}`), 'the shipped file names the field key');
  const conf = join(dir, 'mamori.ini');
  writeFileSync(conf, ini);
  const proc = spawn(bin(), ['serve', '--config', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const url = await new Promise((res, rej) => {
      let out = '';
      const t = setTimeout(() => rej(new Error('no address: ' + out)), 20000);
      const look = (d) => {
        out += d;
        const mm = /listening on (http:\/\/\S+)/.exec(out);
        if (mm) { clearTimeout(t); res(mm[1].replace(/\/$/, '')); }
      };
      proc.stdout.on('data', look);
      proc.stderr.on('data', look);
      proc.on('exit', (c) => { clearTimeout(t); rej(new Error(`exited ${c}: ${out}`)); });
    });
    const h = await fetch(url + '/healthz');
    assert.equal(h.status, 200);
    const l = await fetch(url + '/login');
    assert.equal(l.status, 200);
    assert.match(await l.text(), /ログイン/);
    const m = await fetch(url + '/metrics');
    assert.equal(m.status, 200);
    assert.match(await m.text(), /^mamori_up 1$/m);
  } finally {
    proc.kill('SIGTERM');
  }
  // The installed doctor on it: no error (warnings: no keys, backups yet).
  const d = run(bin(), ['doctor', '--config', conf, '--secret', join(dir, 'none.key'),
    '--public', join(dir, 'none.pub'), '--checkpoints', join(dir, 'none'), '--backups', join(dir, 'none')]);
  assert.equal(d.status, 3, d.out);
  assert.match(d.stdout, /^\[OK\] データベース: /m);
  assert.match(d.stdout, /診断結果: 警告 3 件/);
});

test('the backup job keeps the newest generations; the checkpoint job verifies the previous one', () => {
  const dir = join(OUT, 'jobs');
  const backups = join(dir, 'backups');
  const cps = join(dir, 'checkpoints');
  run('mkdir', ['-p', backups, cps]);
  const db = join(dir, 'mamori.db');
  assert.equal(run(bin(), ['init', '--db', db]).status, 0);
  const env = {
    ...process.env, MAMORI: bin(), MAMORI_DB: db, MAMORI_BACKUP_DIR: backups, MAMORI_BACKUP_KEEP: '2',
    MAMORI_CHECKPOINT_DIR: cps, MAMORI_AUDIT_SECRET: join(dir, 'audit.key'),
    MAMORI_AUDIT_PUBLIC: join(dir, 'audit.pub'),
  };
  const job = (name) => run(join(ROOTFS, 'usr/libexec/mamori', name), [], { env });
  // The operator's own files there are not the job's to rotate.
  writeFileSync(join(backups, 'mamori-before-upgrade.db'), 'x');
  writeFileSync(join(backups, 'notes.txt'), 'x');
  for (let i = 0; i < 3; i++) {
    const r = job('mamori-backup');
    assert.equal(r.status, 0, r.out);
    run('sleep', ['1.1']); // the names carry the second
  }
  const kept = readdirSync(backups).filter((f) => /^mamori-\d{8}T\d{6}Z\.db$/.test(f)).sort();
  assert.equal(kept.length, 2, readdirSync(backups).join(' '));
  assert.ok(existsSync(join(backups, 'mamori-before-upgrade.db')) && existsSync(join(backups, 'notes.txt')));
  assert.equal(run(bin(), ['audit', 'verify', '--db', join(backups, kept[1])]).status, 0);

  const noKey = job('mamori-checkpoint');
  assert.notEqual(noKey.status, 0, 'no key pair: the job fails');
  assert.match(noKey.stderr, /audit keygen/);
  assert.equal(run(bin(), ['audit', 'keygen', '--secret', env.MAMORI_AUDIT_SECRET,
    '--public', env.MAMORI_AUDIT_PUBLIC]).status, 0);
  assert.equal(job('mamori-checkpoint').status, 0);
  run('sleep', ['1.1']);
  const second = job('mamori-checkpoint');
  assert.equal(second.status, 0, second.out);
  assert.equal(readdirSync(cps).length, 2);
  // A checkpoint signed by another key (a forged one) fails the job.
  const forged = join(dir, 'other');
  assert.equal(run(bin(), ['audit', 'keygen', '--secret', forged + '.key', '--public', forged + '.pub']).status, 0);
  const bad = run(join(ROOTFS, 'usr/libexec/mamori/mamori-checkpoint'), [],
    { env: { ...env, MAMORI_AUDIT_PUBLIC: forged + '.pub' } });
  assert.notEqual(bad.status, 0, 'verified against the previous checkpoint');
  assert.equal(readdirSync(cps).length, 2, 'nothing new written');
});
