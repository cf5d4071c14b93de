/**
 * Bulk rows go out at CREDGENICS_WRITES_PER_SECOND for the whole deployment, counted where it matters: at
 * the lender's door. Two sliding windows in the store, shared by every instance:
 * - a turn, taken before a row is marked sent (`takeBulkTurn`): when the deployment has had its rate's
 *   worth of turns in the last window, the row is handed back, due when a turn is free, so a worker never
 *   holds a row it cannot send soon (and a worker catching up after a pause, or two batches, wait here);
 * - its departure (`BulkTurn.leave`), noted just before the request goes out, after the row was marked sent:
 *   the time between a turn and the request leaving (the store's commit of markSent, a busy event loop)
 *   varies, so turns alone let requests bunch at the lender (53 in one second at 50/s). A request whose
 *   departure would make the last window hold more than the rate waits in the worker, a few milliseconds
 *   usually, until it does not.
 * Both windows are PACING_WINDOW_MS long, a little over a second: a request leaves within a few ms of its
 * departure being noted, so no one second at the lender holds more than the rate, and the sustained rate
 * stays 1000 / PACING_WINDOW_MS of it (95 %). People's own writes do not wait here.
 */
import type { OutboxWrite, Store } from '../store/index.ts';
import { isBulkWrite } from '../usecases/bulk-keys.ts';
import { DEFAULT_BULK_PER_SECOND, PACING_NAME, PACING_WINDOW_MS } from '../domain/bulk-pacing.ts';
import type { Logger } from '../log.ts';

/** The store's name for the window of bulk requests' departures. */
export const DEPARTURES_NAME = `${PACING_NAME}:departures`;

export interface BulkTurnDeps {
  store: Store;
  owner: string;
  logger: Logger;
  config?: { credgenicsWritesPerSecond?: number };
  /** The store's clock (tests inject one); default Date.now. */
  nowMs?: () => number;
  /** Waits `ms` (tests advance their clock instead); default a timer. */
  wait?: (ms: number) => Promise<void>;
}

/** A row's turn: `leave()` right before its request goes out (never throws; resolves when it may go). */
export interface BulkTurn {
  leave(): Promise<void>;
}

const NO_WAIT: BulkTurn = { leave: async () => undefined };
const timer = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const perSecondOf = (deps: BulkTurnDeps) => deps.config?.credgenicsWritesPerSecond || DEFAULT_BULK_PER_SECOND;

/** The turn (a write that is not a bulk row has one at once); undefined: it was handed back, due when a turn is free. */
export async function takeBulkTurn(deps: BulkTurnDeps, write: OutboxWrite): Promise<BulkTurn | undefined> {
  if (!isBulkWrite(write)) return NO_WAIT;
  const turn = await deps.store.pacing.acquire(PACING_NAME, perSecondOf(deps), PACING_WINDOW_MS);
  if (!turn.granted) {
    await deps.store.outbox.release(write.id, deps.owner, turn.retryAt);
    return undefined;
  }
  return { leave: () => leave(deps, write) };
}

async function leave(deps: BulkTurnDeps, write: OutboxWrite): Promise<void> {
  const now = deps.nowMs ?? Date.now;
  const wait = deps.wait ?? timer;
  try {
    for (;;) {
      const departure = await deps.store.pacing.acquire(DEPARTURES_NAME, perSecondOf(deps), PACING_WINDOW_MS);
      if (departure.granted) return;
      await wait(Math.max(1, departure.retryAt - now()));
    }
  } catch (error) {
    // The row is marked sent and its lease held: it goes now rather than sit unsent (its turn paced it).
    deps.logger.warn({ err: error, writeId: write.id }, 'could not note a bulk request’s departure; sending it');
  }
}
