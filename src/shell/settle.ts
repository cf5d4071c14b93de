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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function lenderBusy(s: Session): boolean {
  const last = s.booted.credgenics.requests.at(-1);
  return last !== undefined && last.at > s.booted.logs.lastLenderDoneAt;
}

/** Resolves when the app looks idle (see above), after walking any modal that opened when `walk` is given. */
export async function settle(s: Session, opts: SettleOptions = {}): Promise<void> {
  const quietMs = opts.quietMs ?? 300;
  const capMs = opts.capMs ?? 15_000;
  let started = Date.now();
  for (;;) {
    const now = Date.now();
    const lastActivity = Math.max(s.lastEventAt, s.booted.logs.lastLineAt);
    const quiet = now - lastActivity >= quietMs && !lenderBusy(s);
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
