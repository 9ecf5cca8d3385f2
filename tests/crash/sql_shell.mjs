// sql_shell.mjs - a database shell (sqlite3 or psql) that stays open for a
// crash test: a query costs a pipe round trip, not a process start.  Each
// query is followed by a command printing a mark, and the output up to
// the mark is that query's answer; anything on stderr rejects it.
import { spawn } from 'node:child_process';

class SqlShell {
  /* name: for messages; cmd, args: the shell; markCommand(mark): the
   * shell's command that prints mark on a line of its own. */
  constructor(name, cmd, args, markCommand) {
    this.name = name;
    this.markCommand = markCommand;
    this.proc = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    this.out = '';
    this.err = '';
    this.waiting = [];
    this.seq = 0;
    this.proc.stdout.setEncoding('utf8');
    this.proc.stderr.setEncoding('utf8');
    this.proc.stdout.on('data', (d) => { this.out += d; this.pump(); });
    this.proc.stderr.on('data', (d) => { this.err += d; });
    this.proc.on('exit', (code) => {
      for (const w of this.waiting.splice(0)) w.reject(new Error(`${this.name} exited ${code}: ${this.err}`));
    });
  }

  pump() {
    while (this.waiting.length) {
      const w = this.waiting[0];
      const at = this.out.indexOf(`${w.mark}\n`);
      if (at < 0) return;
      const text = this.out.slice(0, at).trim();
      this.out = this.out.slice(at + w.mark.length + 1);
      this.waiting.shift();
      const err = this.err;
      this.err = '';
      if (err) w.reject(new Error(`${this.name}: ${err}`));
      else w.resolve(text);
    }
  }

  /* Runs sql (one or more statements); resolves to its output. */
  q(sql) {
    const mark = `--end-${++this.seq}--`;
    return new Promise((resolve, reject) => {
      this.waiting.push({ mark, resolve, reject });
      this.proc.stdin.write(`${sql.trim().replace(/;?$/, ';')}\n${this.markCommand(mark)}\n`);
    });
  }

  close() {
    this.proc.stdin.end();
  }
}

/*
 * sqlite3 on a lane's database.  It never holds a transaction between
 * queries (it would stop the server's checkpoints), never checkpoints
 * itself, and writes without syncing (its writes are the test's own:
 * staling the server's cache, filling the WAL).
 */
export function sqliteShell(db) {
  return new SqlShell('sqlite3', 'sqlite3', ['-batch', db], (mark) => `.print ${mark}`);
}

/* psql on the test's database (straight, not through a proxy). */
export function psqlShell(url) {
  return new SqlShell('psql', 'psql', ['-X', '-q', '-A', '-t', '-d', url], (mark) => `\\echo ${mark}`);
}
