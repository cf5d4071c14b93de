/**
 * How use cases tell people what happened to a write, without knowing Slack.
 * Implemented in views/ (confirmation messages and alerts), wired in src/app.ts.
 */
import type { LenderError } from '../lenders/errors.ts';
import type { OutboxWrite } from '../store/index.ts';

export interface WriteNotifier {
  confirmed(write: OutboxWrite, info: { by: string; reconciled: boolean }): Promise<void>;
  /**
   * An attempt failed. The write is either waiting for an automatic retry (state 'pending', `dueAt`) or
   * failed for a person. The first failure posts the alert (within seconds); later ones update it in place.
   */
  failed(write: OutboxWrite, error: LenderError, info: { by: string }): Promise<void>;
  /** Re-render every alert of this write in place (retrying…, dismissed, resolved). */
  refreshAlerts(write: OutboxWrite, extras?: { retryingBy?: string }): Promise<void>;
}

