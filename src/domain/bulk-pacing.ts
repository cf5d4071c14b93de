/**
 * How fast a bulk batch goes out, for the whole deployment: rows are spread at Confirm
 * (src/usecases/bulk-send.ts) and each takes a turn from the store's sliding window just before it is sent
 * (src/worker/bulk-turn.ts). The batch message is updated no more often than every PROGRESS_GAP_MS.
 */

/** The store's name for the Credgenics bulk pacing window. */
export const PACING_NAME = 'credgenics-bulk';
/** CREDGENICS_WRITES_PER_SECOND when it is unset (or 0). */
export const DEFAULT_BULK_PER_SECOND = 5;
/**
 * The window the turns are counted over: a second, and a little more, so that a request that leaves a few
 * milliseconds after its turn still falls inside the second it was counted in.
 */
export const PACING_WINDOW_MS = 1_050;
/** A batch message is updated at most this often for the whole deployment (chat.update is rate-limited). */
export const PROGRESS_GAP_MS = 3_000;
