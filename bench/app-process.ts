/**
 * The app under test, in its own process (as in production: its own event loop, its own RSS), started
 * through the real composition root. Spawned by bench/app-child.ts with --expose-gc; talks over IPC:
 *   ← { op: 'mem' | 'gc' | 'peak-reset' | 'stop', id }   → { id, rss, peak, heapUsed } / { type: 'ready', eventsUrl }
 * Booted by the kit (dev/kit/boot.ts); the logger writes to a null stream at the level asked for, so
 * logging costs its serialization only.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { bootFromEnv } from '../dev/kit/boot.ts';

export interface ChildInit {
  env: Record<string, string>;
  logLevel: string;
  autoRetries: number;
  backoffMs: number;
}

export type ChildRequest = { op: 'mem' | 'gc' | 'peak-reset' | 'stop' | 'prof-start' | 'prof-stop'; id: number; graceMs?: number; file?: string };
export interface ChildReply {
  id: number;
  rss: number;
  peak: number;
  heapUsed: number;
  /** process.cpuUsage(): user + system, microseconds since start. */
  cpuMicros: number;
}
export type ChildReady = { type: 'ready'; eventsUrl: string } | { type: 'failed'; error: string };

async function main(): Promise<void> {
  const send = (message: unknown) => process.send?.(message);
  const init = JSON.parse(process.env['BENCH_APP_INIT'] ?? '{}') as ChildInit;
  let boot;
  try {
    boot = bootFromEnv(init.env, { logLevel: init.logLevel, writePolicy: { triesPerRun: init.autoRetries + 1, backoffMs: () => init.backoffMs } });
  } catch (error) {
    send({ type: 'failed', error: String(error) });
    process.exit(1);
  }
  const app = await boot.start();

  let peak = process.memoryUsage.rss();
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 100);
  sampler.unref();
  const gc = (globalThis as { gc?: () => void }).gc;
  let profiler: Session | undefined;

  process.on('message', (raw) => {
    const req = raw as ChildRequest;
    void (async () => {
      if (req.op === 'gc' && gc) {
        gc();
        await new Promise((resolve) => setTimeout(resolve, 50));
        gc();
      }
      if (req.op === 'peak-reset') peak = process.memoryUsage.rss();
      if (req.op === 'prof-start' && !profiler) {
        profiler = new Session();
        profiler.connect();
        await profiler.post('Profiler.enable');
        await profiler.post('Profiler.setSamplingInterval', { interval: 1000 });
        await profiler.post('Profiler.start');
      }
      if (req.op === 'prof-stop' && profiler) {
        const { profile } = await profiler.post('Profiler.stop');
        writeFileSync(req.file ?? 'loanbot.cpuprofile', JSON.stringify(profile));
        profiler.disconnect();
        profiler = undefined;
      }
      const rss = process.memoryUsage.rss();
      peak = Math.max(peak, rss);
      const cpu = process.cpuUsage();
      const reply: ChildReply = { id: req.id, rss, peak, heapUsed: process.memoryUsage().heapUsed, cpuMicros: cpu.user + cpu.system };
      if (req.op === 'stop') {
        clearInterval(sampler);
        await app.stop(req.graceMs ?? 500).catch(() => undefined);
        send(reply);
        // Exit on purpose (pending lender calls may still hold sockets); --cpu-prof is written on exit.
        setTimeout(() => process.exit(0), 20);
        return;
      }
      send(reply);
    })();
  });
  process.on('disconnect', () => process.exit(0));
  send({ type: 'ready', eventsUrl: app.eventsUrl } satisfies ChildReady);
}

main().catch((error: unknown) => {
  process.send?.({ type: 'failed', error: String(error) });
  process.exit(1);
});
