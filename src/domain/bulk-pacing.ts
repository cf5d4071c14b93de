/**
 * How fast a bulk batch goes out, for the whole deployment: rows are spread at Confirm
 * (src/usecases/bulk-send.ts), each takes a turn from the store's sliding window before it is marked sent,
 * and its request leaves only when the window of departures has room (src/worker/bulk-turn.ts). The batch
 * message is updated no more often than every PROGRESS_GAP_MS.
 */

/** The store's name for the Credgenics bulk pacing window. */
export const PACING_NAME = 'credgenics-bulk';
/** CREDGENICS_WRITES_PER_SECOND when it is unset (or 0). */
export const DEFAULT_BULK_PER_SECOND = 5;
/**
 * The window turns and departures are counted over: a second, and a little more, so that a request that
 * reaches the lender a few milliseconds after its departure was noted still falls inside the second it
 * was counted in (the sustained rate is then 1000 / 1050 = 95 % of CREDGENICS_WRITES_PER_SECOND).
 */
export const PACING_WINDOW_MS = 1_050;
/** A batch message is updated at most this often for the whole deployment (chat.update is rate-limited). */
export const PROGRESS_GAP_MS = 3_000;
