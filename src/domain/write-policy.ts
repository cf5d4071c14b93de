/**
 * How the outbox worker paces itself: leases, automatic retries, the settle window, polling.
 *
 * The settle window: after an attempt that may have reached the lender (a timeout, a 5xx, an unreadable
 * 2xx, an instance that died mid-send), the lender may still apply it later — a request can sit in a
 * gateway's queue after loanbot stopped waiting. A payment is not reconciled (compared against the loan)
 * until the window has passed since that attempt was sent, because reading "unchanged" too early and
 * sending again is exactly how a payment gets recorded twice. 120 s by default: common gateways give
 * up on an upstream request within 60 s (AWS API Gateway 29 s, ALB and nginx 60 s), loanbot's own lender
 * timeout is 10 s, and twice the longest of those is still short enough for a person waiting on a Retry.
 */
export interface WritePolicy {
  /** Sends in one run (a recording, or a person's Retry) before the write fails for a person. */
  triesPerRun: number;
  /** Wait after the n-th send failed before the next automatic try (n = 1, 2, …). */
  backoffMs(attempt: number): number;
  /** The longest lender `Retry-After` honoured (see MAX_RETRY_AFTER_MS). */
  maxRetryAfterMs: number;
  /** See above. LOANBOT_SETTLE_WINDOW_MS. */
  settleMs: number;
  /** A claim lasts this long unless renewed (renewed every third of it while a request is out). */
  leaseMs: number;
  /** How often an idle worker looks for due writes (other instances' writes, scheduled retries). */
  pollMs: number;
  /** Writes one instance works on at once. */
  concurrency: number;
}

export const DEFAULT_SETTLE_MS = 120_000;
/** Renewed every 10 s while a request is out; an instance that died releases its writes within 30 s. */
export const DEFAULT_LEASE_MS = 30_000;

/**
 * The cap on a lender's `Retry-After` (429/503): the next automatic try is due no earlier than the lender
 * asked, but never more than 5 minutes out. Long enough for a rate-limit window or a short maintenance;
 * short enough that a broken or hostile header (`Retry-After: 86400`) cannot park a write for a day while
 * its alert says "trying again". Past the cap the try goes out at the cap; if it fails again, the run's
 * tries end with a person (Retry), as for any other failure.
 */
export const MAX_RETRY_AFTER_MS = 5 * 60_000;

/** The waits before the 2nd and 3rd tries (LOANBOT_RETRY_BACKOFF_MS). */
export const DEFAULT_RETRY_BACKOFF_MS: readonly number[] = [20_000, 60_000];

/** Wait after the n-th failed send: the n-th of `waits`, the last one repeating. */
export function backoffFrom(waits: readonly number[]): (attempt: number) => number {
  return (attempt) => waits[Math.min(Math.max(attempt, 1), waits.length) - 1] ?? 0;
}

/** 3 tries: now, after 20 s, after another 60 s (each at least a settle window after an uncertain attempt). */
export const DEFAULT_WRITE_POLICY: WritePolicy = {
  triesPerRun: 3,
  backoffMs: backoffFrom(DEFAULT_RETRY_BACKOFF_MS),
  maxRetryAfterMs: MAX_RETRY_AFTER_MS,
  settleMs: DEFAULT_SETTLE_MS,
  leaseMs: DEFAULT_LEASE_MS,
  pollMs: 1_000,
  concurrency: 8,
};

/**
 * When the next automatic try is due after the `attempt`-th send failed at `now` (epoch ms): after the
 * backoff, no earlier than the lender's `retryAfterMs` (capped at `maxRetryAfterMs`), and not before
 * `settleAfter` when the attempt may have been applied.
 */
export function nextTryAt(
  policy: Pick<WritePolicy, 'backoffMs' | 'maxRetryAfterMs'>,
  attempt: number,
  now: number,
  failure: { retryAfterMs?: number | undefined; settleAfter?: number | null | undefined } = {},
): number {
  const lenderAsked = Math.min(Math.max(0, failure.retryAfterMs ?? 0), policy.maxRetryAfterMs);
  return Math.max(now + policy.backoffMs(attempt), now + lenderAsked, failure.settleAfter ?? 0);
}
