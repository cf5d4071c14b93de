/**
 * How use cases tell people what happened to a write, without knowing Slack.
 * Implemented in views/ (confirmation messages and alerts), wired in src/app.ts.
 */
import type { LenderError } from '../lenders/errors.ts';
import type { OutboxWrite } from '../store/index.ts';

export interface WriteNotifier {
  confirmed(write: OutboxWrite, info: { by: string; reconciled: boolean; automatic: boolean }): Promise<void>;
  /**
   * An attempt failed (`error`: the lender's, when it answered or was not reached; none for loanbot's own
   * failures). The write is either waiting for an automatic retry (state 'pending', `dueAt`) or failed for a
   * person. The first failure posts the alert (within seconds); later ones update it in place.
   */
  failed(write: OutboxWrite, info: { by: string; error?: LenderError }): Promise<void>;
  /**
   * A write waits for a check of the loan (an earlier attempt may still be on its way, an instance stopped
   * mid-send, a check could not read the loan): its alert says when, posted now if it has none.
   */
  waiting(write: OutboxWrite): Promise<void>;
  /** Re-render every alert of this write in place (retrying…, dismissed, resolved). */
  refreshAlerts(write: OutboxWrite, extras?: { retryingBy?: string }): Promise<void>;
}

