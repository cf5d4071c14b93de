/**
 * An alert posted about a failed write is remembered on the write (channel and ts), so every later change
 * updates it in place, from any instance.
 */
import type { Store } from '../store/index.ts';

export function rememberAlert(deps: { store: Pick<Store, 'outbox'> }, writeId: string, alert: { channel: string; ts: string }): Promise<void> {
  return deps.store.outbox.addAlert(writeId, alert);
}
