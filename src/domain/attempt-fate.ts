/**
 * What a failed attempt at a lender write tells of the lender's side: the one type the worker, the alert's
 * words and the Retry handler share. Decided from the lender error in src/worker/attempt-outcome.ts;
 * read back from a stored write by `doubtOf`.
 *
 * - refused: the lender answered 4xx (not 429): nothing was applied; sending it as it is would be refused
 *   again, so a person corrects it (Edit & retry).
 * - not_sent: the request never reached a listening lender (connection refused, no such host): nothing
 *   was applied; sending it again is safe at once.
 * - finished: the lender answered and the request is over, but its fate is unknown (its own 429, 500, 501,
 *   503, or a 2xx loanbot cannot read): the loan is checked now, and the write sent again only if it is
 *   not there. No settle window: nothing of that attempt is still travelling.
 * - on_its_way: the request may still be travelling (a timeout, a connection dropped after the request went
 *   out, a gateway's 502 or 504, an instance that stopped mid-send): the lender may apply it later, so the
 *   final check waits for the settle window (LOANBOT_SETTLE_WINDOW_MS) after that attempt.
 */
export type AttemptFate = 'refused' | 'not_sent' | 'finished' | 'on_its_way';

/** A write whose last attempt leaves its fate open, as stored: what people are told while loanbot checks. */
export type WriteDoubt =
  /** Nothing to check: never applied, or applying it again is harmless (an update sets values). */
  | { kind: 'none' }
  /** The lender answered; the loan is checked at the next try (now, on a person's Retry). */
  | { kind: 'finished' }
  /** The attempt may still be applied until `checkAt`, the final check. */
  | { kind: 'on_its_way'; checkAt: number };

/** The stored fields a doubt is read from (a write of src/store). */
export interface DoubtFields {
  needsReconcile: boolean;
  force: boolean;
  settleAfter: number | null;
}

/**
 * The doubt of a stored write at `now`. `reconciled`: whether the operation is checked against the loan
 * before it is sent again (payments and added loans).
 */
export function doubtOf(write: DoubtFields, reconciled: boolean, now: number): WriteDoubt {
  if (!reconciled || !write.needsReconcile || write.force) return { kind: 'none' };
  if (write.settleAfter !== null && write.settleAfter > now) return { kind: 'on_its_way', checkAt: write.settleAfter };
  return { kind: 'finished' };
}
