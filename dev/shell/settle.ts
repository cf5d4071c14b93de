/**
 * Waiting for the app to be done with what was just typed: no stand-in event and no log line for a
 * while, and no lender call in progress (a request reached the sandbox and the client has not yet
 * logged its answer: this covers read retries and slow lenders, which are silent otherwise).
 */
import type { Session } from './session.ts';

export interface SettleOptions {
  /** Quiet time that counts as settled; default 300 ms. */
  quietMs?: number;
  /** Give up waiting after this long (per wait); default 15 s. */
  capMs?: number;
  /** Walk modals that open meanwhile (script mode); otherwise stop waiting when one opens. */
  walk?: () => Promise<void>;
}

const MIN_QUIET_TICKS = 8;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function lenderBusy(s: Session): boolean {
  const last = Math.max(0, ...Object.values(s.booted.lenders).map((l) => l.requests.at(-1)?.at ?? 0));
  return last > s.booted.logs.lastLenderDoneAt;
}

/** Resolves when the app looks idle (see above), after walking any modal that opened when `walk` is given. */
export async function settle(s: Session, opts: SettleOptions = {}): Promise<void> {
  const quietMs = opts.quietMs ?? 300;
  const capMs = opts.capMs ?? 15_000;
  let started = Date.now();
  let seen = -1;
  let quietTicks = 0;
  for (;;) {
    const now = Date.now();
    const lastActivity = Math.max(s.lastEventAt, s.booted.logs.lastLineAt);
    // Wall-clock quiet alone is not enough: after the process was starved of CPU, this timer can fire
    // before the I/O that was waiting meanwhile. Also ask for several quiet turns of the event loop.
    quietTicks = lastActivity === seen ? quietTicks + 1 : 0;
    seen = lastActivity;
    const quiet = now - lastActivity >= quietMs && quietTicks >= MIN_QUIET_TICKS && !lenderBusy(s);
    if (s.modalPending && !opts.walk) return;
    if (quiet || now - started >= capMs) {
      if (!s.modalPending || !opts.walk) return;
      await opts.walk();
      started = Date.now();
      continue;
    }
    await sleep(20);
  }
}
