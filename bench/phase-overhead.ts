/**
 * Row 3 (and 6's peak): end-to-end `/loan <id>` time (command sent → summary stored by the stand-in)
 * minus the lender's own time for that lookup (sandbox: request headers parsed → response finished,
 * from node:diagnostics_channel on the sandbox's port), at a fixed open-loop rate.
 * Loans rotate over a few hundred bench loans, so each loan has at most one lookup in flight and the
 * per-loan FIFO pairing of command ↔ lender call ↔ summary is exact.
 */
import { subscribe } from 'node:diagnostics_channel';
import type { IncomingMessage } from 'node:http';
import type { AppChild } from './app-child.ts';
import { ASHA, CHANNEL, type World } from './env.ts';
import { cpuShare, cpuSnap, type CpuShare } from './machine.ts';
import { slashBody, type SignedSender } from './sender.ts';
import { atRate, dist, sleep, type Dist } from './stats.ts';
import type { Watch } from './watch.ts';

const LOAN_PATH = /^\/recovery\/loan\/([^/?]+)$/;

/** Lender time per GET /recovery/loan/{id}, queued per loan, for one sandbox port. */
class LenderClock {
  readonly done = new Map<string, number[]>();
  private readonly started = new WeakMap<IncomingMessage, number>();
  enabled = false;

  constructor(port: number) {
    subscribe('http.server.request.start', (m) => {
      const { request } = m as { request: IncomingMessage };
      if (this.enabled && request.socket.localPort === port && request.method === 'GET') this.started.set(request, performance.now());
    });
    subscribe('http.server.response.finish', (m) => {
      const { request } = m as { request: IncomingMessage };
      const t0 = this.started.get(request);
      const loan = LOAN_PATH.exec(request.url ?? '')?.[1];
      if (t0 === undefined || loan === undefined) return;
      const queue = this.done.get(loan) ?? [];
      queue.push(performance.now() - t0);
      this.done.set(loan, queue);
    });
  }
}

let clock: LenderClock | undefined;

export interface OverheadRun {
  rate: number;
  seconds: number;
  sent: number;
  /** Summaries seen (each paired with its command and its lender call). */
  completed: number;
  ackErrors: number;
  achievedRate: number;
  ack: Dist;
  e2e: Dist;
  lender: Dist;
  overhead: Dist;
  peakRssBytes: number;
  /** Sending stopped early because the app fell 2 s behind. */
  overloaded: boolean;
  /** CPU time (user + system) the app process used per command above its idle use, ms: what a lookup costs, whatever the load. */
  appCpuMsPerCommand: number;
  cpu: CpuShare;
}

export async function overheadRun(
  world: World,
  watch: Watch,
  app: AppChild,
  sender: SignedSender,
  rate: number,
  seconds: number,
  loans: string[],
  profileFile?: string,
  /** The app's CPU use when idle (ms per second), subtracted from the per-command figure. */
  idleCpuMsPerSec = 0,
): Promise<OverheadRun> {
  clock ??= new LenderClock(Number(new URL(world.credgenics.url).port));
  clock.done.clear();
  clock.enabled = true;
  const pending = new Map<string, number[]>();
  const e2e: number[] = [];
  const overhead: number[] = [];
  const lender: number[] = [];
  const acks: number[] = [];
  let ackErrors = 0;
  const stop = watch.onSummary((loan, seen) => {
    const sentAt = pending.get(loan)?.shift();
    const lenderMs = clock?.done.get(loan)?.shift();
    if (sentAt === undefined || lenderMs === undefined) return;
    e2e.push(seen.at - sentAt);
    lender.push(lenderMs);
    overhead.push(seen.at - sentAt - lenderMs);
  });
  if (profileFile) await app.request('prof-start');
  const before = await app.request('peak-reset');
  const snap = cpuSnap();
  const count = Math.round(rate * seconds);
  const inflight: Promise<void>[] = [];
  let outstanding = 0;
  let overloaded = false;
  const elapsed = await atRate(rate, count, (i) => {
    // Bounded: when 2 s worth of commands are waiting for their ack, the app has fallen behind; stop.
    if (outstanding > Math.max(100, 2 * rate)) {
      overloaded = true;
      return false;
    }
    const loan = loans[i % loans.length] ?? 'BL00000';
    const body = slashBody(world.slack, loan, ASHA, CHANNEL);
    const queue = pending.get(loan) ?? [];
    queue.push(performance.now());
    pending.set(loan, queue);
    outstanding += 1;
    inflight.push(
      sender.post(body, 5_000).then((ack) => {
        outstanding -= 1;
        if (ack.status === 200) acks.push(ack.ms);
        else ackErrors += 1;
      }),
    );
    return true;
  }, seconds * 1000 + 10_000);
  await Promise.all(inflight);
  await watch.messagesUntil(() => e2e.length >= inflight.length - ackErrors, 5_000);
  await sleep(50);
  const after = await app.request('mem');
  if (profileFile) await app.request('prof-stop', undefined, 30_000, profileFile);
  const cpu = cpuShare(snap, cpuSnap(), after.cpuMicros - before.cpuMicros);
  stop();
  clock.enabled = false;
  return {
    rate,
    seconds,
    sent: inflight.length,
    completed: e2e.length,
    ackErrors,
    achievedRate: inflight.length > 1 ? (inflight.length - 1) / elapsed : 0,
    ack: dist(acks),
    e2e: dist(e2e),
    lender: dist(lender),
    overhead: dist(overhead),
    peakRssBytes: after.peak,
    overloaded,
    appCpuMsPerCommand: Math.max(0, (after.cpuMicros - before.cpuMicros) / 1000 - idleCpuMsPerSec * elapsed) / Math.max(1, inflight.length),
    cpu,
  };
}
