// own_pg.mjs - a throwaway PostgreSQL server of one test file
// (scripts/pg-test-server.sh on a free port, durable: fsync,
// synchronous_commit and full_page_writes on), never the shared one on
// 55432, so a test may kill, halt and resume it (issue 14).
import { spawnSync } from 'node:child_process';
import net from 'node:net';
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../lib/server.mjs';

const SCRIPT = join(ROOT, 'scripts', 'pg-test-server.sh');

/* Whether the PostgreSQL 15 binaries the script needs are installed. */
export const havePgBinaries = spawnSync('test',
  ['-x', '/usr/lib/postgresql/15/bin/initdb']).status === 0;

function freePort() {
  return new Promise((res, rej) => {
    const s = net.createServer();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => res(p));
    });
  });
}

// The script's state directory (its parent is /tmp under root).
const parent = () => (process.getuid() === 0 ? '/tmp' : (process.env.TMPDIR || '/tmp'));

/*
 * startOwnPg - starts a server on a free port; resolves
 * {port, url, run(cmd), killPostmaster(), remove()}.  run(cmd) is the
 * script's start/halt/resume/stop; killPostmaster() sends SIGKILL to the
 * postmaster and every process it started (a crash: no shutdown
 * checkpoint, WAL replay on resume); remove() stops it and deletes its data.
 */
export async function startOwnPg() {
  const port = await freePort();
  const env = { ...process.env, MAMORI_PG_PORT: String(port), MAMORI_PG_FSYNC: 'on' };
  const run = (cmd) => {
    const r = spawnSync(SCRIPT, [cmd], { encoding: 'utf8', env });
    if (r.status !== 0) throw new Error(`pg-test-server.sh ${cmd}: ${r.stderr}`);
    return r.stdout.trim();
  };
  const url = run('start');
  const data = join(parent(), `mamori-pg-${port}`, 'data');
  const killPostmaster = () => {
    const pid = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
    // Stopped first, so it forks no backend between the scan and the
    // kill (its children are handed to init the moment it dies).
    process.kill(pid, 'SIGSTOP');
    const victims = [pid];
    for (const e of readdirSync('/proc')) {
      if (!/^\d+$/.test(e)) continue;
      try {
        // "pid (comm) state ppid ...": comm may hold spaces, split after ")"
        const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        if (ppid === pid) victims.push(Number(e));
      } catch {
        // the process ended meanwhile
      }
    }
    for (const v of victims) {
      try {
        process.kill(v, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    return victims.length;
  };
  const remove = () => {
    run('stop');
    rmSync(join(parent(), `mamori-pg-${port}.lock`), { force: true });
  };
  return { port, url, run, killPostmaster, remove };
}
