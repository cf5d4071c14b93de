/**
 * Start / query / stop the app process (bench/app-process.ts), with --expose-gc and tsx. When the bench
 * runs with --cpu-prof (or BENCH_CPU_PROF=1) the app profiles the overhead runs only (not its start-up)
 * into bench-profiles/ (BENCH_CPU_PROF_DIR).
 */
import type { ChildProcess } from 'node:child_process';
import { spawnNode, TSX } from '../dev/kit/child.ts';
import { fileURLToPath } from 'node:url';
import type { ChildInit, ChildReady, ChildReply, ChildRequest } from './app-process.ts';

const SCRIPT = fileURLToPath(new URL('./app-process.ts', import.meta.url));

export function profiling(): boolean {
  return process.execArgv.some((a) => a.startsWith('--cpu-prof')) || process.env['BENCH_CPU_PROF'] === '1';
}

export const PROFILE_DIR = process.env['BENCH_CPU_PROF_DIR'] ?? 'bench-profiles';

export class AppChild {
  private nextId = 1;
  private readonly waiting = new Map<number, (reply: ChildReply) => void>();
  private exited = false;

  private constructor(
    private readonly child: ChildProcess,
    readonly eventsUrl: string,
  ) {
    child.on('message', (raw) => {
      const reply = raw as ChildReply;
      this.waiting.get(reply.id)?.(reply);
      this.waiting.delete(reply.id);
    });
    child.on('exit', () => {
      this.exited = true;
    });
  }

  /** Starts bench/app-process.ts under tsx (as `npm start` runs), or a precompiled bundle of it under plain node. */
  static async start(init: ChildInit, opts: { bundle?: string; timeoutMs?: number } = {}): Promise<AppChild> {
    const timeoutMs = opts.timeoutMs ?? 30_000;
    const { process: child } = spawnNode(opts.bundle ?? SCRIPT, {
      flags: opts.bundle ? ['--expose-gc'] : ['--expose-gc', ...TSX],
      env: { BENCH_APP_INIT: JSON.stringify(init) },
      inherit: ['PATH', 'HOME', 'TMPDIR', 'TZ'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const ready = await new Promise<ChildReady>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`loanbot did not start within ${timeoutMs / 1000} s`)), timeoutMs);
      child.once('message', (m) => {
        clearTimeout(timer);
        resolve(m as ChildReady);
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`loanbot exited with ${String(code)} before it was ready`));
      });
    });
    if (ready.type !== 'ready') {
      child.kill('SIGKILL');
      throw new Error(`loanbot failed to start: ${ready.error}`);
    }
    return new AppChild(child, ready.eventsUrl);
  }

  request(op: ChildRequest['op'], graceMs?: number, timeoutMs = 5_000, file?: string): Promise<ChildReply> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error(`app child: no answer to ${op}`));
      }, timeoutMs);
      this.waiting.set(id, (reply) => {
        clearTimeout(timer);
        resolve(reply);
      });
      const message: ChildRequest = { op, id, ...(graceMs === undefined ? {} : { graceMs }), ...(file === undefined ? {} : { file }) };
      this.child.send(message);
    });
  }

  /** Stops loanbot (drain up to `graceMs`), waits for the process to exit; kills it (by its pid) if it hangs. */
  async stop(graceMs = 500): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    await this.request('stop', graceMs, graceMs + 5_000).catch(() => undefined);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }

  /** Waits (up to `maxMs`) until the app uses under 10 % of a CPU over 200 ms: earlier work has drained. */
  async idle(maxMs = 10_000): Promise<boolean> {
    const until = performance.now() + maxMs;
    while (performance.now() < until) {
      const a = await this.request('mem');
      await new Promise((resolve) => setTimeout(resolve, 200));
      const b = await this.request('mem');
      if (b.cpuMicros - a.cpuMicros < 20_000) return true;
    }
    return false;
  }

  /** The app's CPU use while idle, ms per second, over `ms`. */
  async idleCpuMsPerSec(ms = 2_000): Promise<number> {
    const a = await this.request('mem');
    await new Promise((resolve) => setTimeout(resolve, ms));
    const b = await this.request('mem');
    return (b.cpuMicros - a.cpuMicros) / ms;
  }

  kill(): void {
    if (!this.exited) this.child.kill('SIGKILL');
  }
}
