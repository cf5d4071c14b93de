/**
 * The records use cases hand back, for the views that render them (alerts, the App Home, history, batch
 * messages): the views read these types here, never from the store.
 */
export type { AuditEntry, BulkBatch, BulkCounts, BulkRowOutcome, OutboxWrite, WriteOperation, WriteState } from '../store/index.ts';
