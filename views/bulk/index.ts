/**
 * Bulk payments: registers the form's and the batch message's listeners, each with the role it needs
 * (`/loan bulk` is commands/bulk.ts).
 */
import type { App, BlockButtonAction, ViewSubmitAction } from '@slack/bolt';
import type { Services } from '../../src/services.ts';
import { needs } from '../../src/slack/listener-roles.ts';
import { cancelBatchButton, retryFailedRowsButton, sendTemplate } from './batch-buttons.ts';
import { BULK_ACTIONS, BULK_CALLBACKS } from './modal.ts';
import { createBulkProgress } from './progress.ts';
import { confirmBulkBatch, readBulkFile } from './submit.ts';

export function registerBulk(app: App, deps: Services): void {
  const progress = createBulkProgress(app.client, deps);
  app.view<ViewSubmitAction>(BULK_CALLBACKS.form, needs(app).view(BULK_CALLBACKS.form, 'agent'), readBulkFile(deps));
  app.view<ViewSubmitAction>(BULK_CALLBACKS.review, needs(app).view(BULK_CALLBACKS.review, 'agent'), confirmBulkBatch(deps, progress));
  app.action<BlockButtonAction>(BULK_ACTIONS.template, needs(app).action(BULK_ACTIONS.template, 'agent'), sendTemplate());
  app.action<BlockButtonAction>(BULK_ACTIONS.cancel, needs(app).action(BULK_ACTIONS.cancel, 'agent'), cancelBatchButton(deps, progress));
  app.action<BlockButtonAction>(BULK_ACTIONS.retry, needs(app).action(BULK_ACTIONS.retry, 'agent'), retryFailedRowsButton(deps, progress));
}
