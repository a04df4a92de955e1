/**
 * A pool of worker processes reused across cases. Each runs one case at a time under a V8 heap
 * limit, with a watchdog that reads the child's CPU time and resident memory from /proc: past the
 * CPU limit the case is a hang, past the memory limit (or killed by V8's heap limit) an OOM. The
 * child is then killed and a fresh one takes its place.
 */
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ, 100 on Linux). */
const TICK = 100;

function usage(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cpu = (Number(f[11]) + Number(f[12])) / TICK; // utime + stime, seconds
    const rss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
    return { cpu, rss };
  } catch {
    return undefined;
  }
}

export class WorkerPool {
  constructor(script, { size = 2, cpuSeconds = 10, wallSeconds = 60, memoryMB = 2048, heapMB = 1536 } = {}) {
    Object.assign(this, { script, size, cpuSeconds, wallSeconds, memoryMB, heapMB });
    this.idle = [];
    this.waiting = [];
    this.nextId = 1;
    this.all = new Set();
  }

  async start() {
    await Promise.all(Array.from({ length: this.size }, () => this.spawn().then((w) => this.release(w))));
  }

  spawn() {
    const child = fork(this.script, [], {
      execArgv: [`--max-old-space-size=${this.heapMB}`, '--enable-source-maps', '--stack-size=984'],
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    const w = { child, stderr: '', pending: undefined };
    child.stderr.on('data', (d) => {
      w.stderr = (w.stderr + d).slice(-4000);
    });
    child.on('message', (m) => {
      if (m.type === 'escaped') w.escaped = m.error;
      else if (m.type === 'stage') w.stage = m.stage;
      else if (w.pending && m.id === w.pending.id) {
        const p = w.pending;
        w.pending = undefined;
        clearInterval(p.timer);
        p.resolve(m);
      }
    });
    child.on('exit', (code, signal) => {
      this.all.delete(w);
      w.dead = true;
      if (w.pending) {
        const p = w.pending;
        w.pending = undefined;
        clearInterval(p.timer);
        const oom = /heap out of memory|Allocation failed|Array buffer allocation failed/i.test(w.stderr);
        const kind = w.killedFor ?? (oom ? 'oom' : 'crash');
        p.resolve({ type: 'died', kind, stage: w.stage, code, signal, stderr: w.stderr });
      }
    });
    this.all.add(w);
    return new Promise((resolve, reject) => {
      child.once('message', (m) => (m.type === 'ready' ? resolve(w) : reject(new Error('worker not ready'))));
      child.once('error', reject);
    });
  }

  release(w) {
    if (w.dead) return;
    const next = this.waiting.shift();
    if (next) next(w);
    else this.idle.push(w);
  }

  acquire() {
    const w = this.idle.pop();
    return w ? Promise.resolve(w) : new Promise((r) => this.waiting.push(r));
  }

  /** Sends a request to a free worker; resolves with its answer or with how it died. */
  async request(message, { watch = true } = {}) {
    const w = await this.acquire();
    const id = this.nextId++;
    const start = Date.now();
    const base = usage(w.child.pid);
    const answer = await new Promise((resolve) => {
      const timer = setInterval(() => {
        if (!watch) return;
        const u = usage(w.child.pid);
        const cpu = u && base ? u.cpu - base.cpu : 0;
        let why;
        if (cpu > this.cpuSeconds || Date.now() - start > this.wallSeconds * 1000) why = 'hang';
        else if (u && u.rss > this.memoryMB * 2 ** 20) why = 'oom';
        if (why) {
          w.killedFor = why;
          w.child.kill('SIGKILL');
        }
      }, 250);
      w.pending = { id, resolve, timer };
      w.stage = undefined;
      w.child.send({ ...message, id });
    });
    if (w.dead) this.spawn().then((fresh) => this.release(fresh));
    else this.release(w);
    return answer;
  }

  async stop() {
    for (const w of this.all) w.child.kill('SIGKILL');
  }
}
