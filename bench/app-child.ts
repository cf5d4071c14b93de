/**
 * Start / query / stop the app process (bench/app-process.ts). The child gets --expose-gc, tsx, and
 * --cpu-prof when the bench itself runs with it (or BENCH_CPU_PROF=1), so a profile covers the app.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ChildInit, ChildReady, ChildReply, ChildRequest } from './app-process.ts';

const SCRIPT = fileURLToPath(new URL('./app-process.ts', import.meta.url));

export function profiling(): boolean {
  return process.execArgv.some((a) => a.startsWith('--cpu-prof')) || process.env['BENCH_CPU_PROF'] === '1';
}

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

  static async start(init: ChildInit, timeoutMs = 20_000): Promise<AppChild> {
    const flags = ['--expose-gc', '--import', import.meta.resolve('tsx')];
    if (profiling()) flags.push('--cpu-prof', '--cpu-prof-dir', process.env['BENCH_CPU_PROF_DIR'] ?? 'bench-profiles');
    const env: Record<string, string> = { BENCH_APP_INIT: JSON.stringify(init) };
    for (const name of ['PATH', 'HOME', 'TMPDIR', 'TZ']) if (process.env[name]) env[name] = process.env[name] ?? '';
    const child = spawn(process.execPath, [...flags, SCRIPT], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env });
    const ready = await new Promise<ChildReady>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('loanbot did not start within 20 s')), timeoutMs);
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

  request(op: ChildRequest['op'], graceMs?: number, timeoutMs = 5_000): Promise<ChildReply> {
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
      const message: ChildRequest = graceMs === undefined ? { op, id } : { op, id, graceMs };
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

  kill(): void {
    if (!this.exited) this.child.kill('SIGKILL');
  }
}
