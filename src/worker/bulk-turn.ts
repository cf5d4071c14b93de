/**
 * Bulk rows go out at CREDGENICS_WRITES_PER_SECOND for the whole deployment. Their due times are spread
 * at Confirm (`sendBatch` in src/usecases/bulk-send.ts); just before one is sent, the worker also takes a turn from the
 * store's sliding window shared by every instance, so a worker catching up after a pause, or two batches,
 * never send more than the rate in any one second. People's own writes do not wait here.
 */
import type { OutboxWrite, Store } from '../store/index.ts';
import { isBulkWrite } from '../usecases/bulk-keys.ts';
import { DEFAULT_BULK_PER_SECOND, PACING_NAME, PACING_WINDOW_MS } from '../domain/bulk-pacing.ts';

export interface BulkTurnDeps {
  store: Store;
  owner: string;
  config?: { credgenicsWritesPerSecond?: number };
}

/** true: send it now. false: it was handed back, due when a turn is free. */
export async function takeBulkTurn(deps: BulkTurnDeps, write: OutboxWrite): Promise<boolean> {
  if (!isBulkWrite(write)) return true;
  const perSecond = deps.config?.credgenicsWritesPerSecond ?? DEFAULT_BULK_PER_SECOND;
  const turn = await deps.store.pacing.acquire(PACING_NAME, perSecond, PACING_WINDOW_MS);
  if (turn.granted) return true;
  await deps.store.outbox.release(write.id, deps.owner, turn.retryAt);
  return false;
}
