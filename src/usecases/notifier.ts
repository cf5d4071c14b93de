/**
 * How use cases tell people what happened to a write, without knowing Slack.
 * Implemented in views/ (confirmation messages and alerts), wired in src/app.ts.
 */
import type { LenderError } from '../lenders/errors.ts';
import type { OutboxWrite } from '../store/index.ts';

export interface WriteNotifier {
  confirmed(write: OutboxWrite, info: { by: string; reconciled: boolean }): Promise<void>;
  failed(write: OutboxWrite, error: LenderError, info: { by: string }): Promise<void>;
  /** Re-render every alert of this write in place (retrying…, dismissed, resolved). */
  refreshAlerts(write: OutboxWrite, extras?: { retryingBy?: string }): Promise<void>;
}

/** Automatic retries of transient failures (timeouts, 5xx, 429) before a write is alerted. */
export interface WritePolicy {
  autoRetries: number;
  backoffMs(attempt: number): number;
}

/** 3 tries over about two minutes: 20 s, then 60 s. */
export const DEFAULT_WRITE_POLICY: WritePolicy = {
  autoRetries: 2,
  backoffMs: (attempt) => (attempt <= 1 ? 20_000 : 60_000),
};
