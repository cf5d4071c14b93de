/**
 * Alerts about failed writes: registers their buttons and the dismiss reason's form, each with the role it
 * needs. Retry and Edit & retry need the role of the write they send again (a payment: an agent; anything
 * else: a supervisor).
 */
import type { App, BlockButtonAction, ViewSubmitAction } from '@slack/bolt';
import type { Services } from '../../src/services.ts';
import { needs, retryRole } from '../../src/slack/listener-roles.ts';
import { editRetryButton, retryButton, sendAnywayButton } from './buttons.ts';
import { DISMISS_CALLBACK, dismissButton, dismissWithReason } from './dismiss.ts';
import { ALERT_ACTIONS } from './messages.ts';

export function registerAlerts(app: App, deps: Services): void {
  app.action<BlockButtonAction>(ALERT_ACTIONS.retry, needs(app).action(ALERT_ACTIONS.retry, retryRole(deps)), retryButton(deps));
  app.action<BlockButtonAction>(ALERT_ACTIONS.sendAnyway, needs(app).action(ALERT_ACTIONS.sendAnyway, 'supervisor'), sendAnywayButton(deps));
  app.action<BlockButtonAction>(ALERT_ACTIONS.editRetry, needs(app).action(ALERT_ACTIONS.editRetry, retryRole(deps)), editRetryButton(deps));
  app.action<BlockButtonAction>(ALERT_ACTIONS.dismiss, needs(app).action(ALERT_ACTIONS.dismiss, 'supervisor'), dismissButton(deps));
  app.view<ViewSubmitAction>(DISMISS_CALLBACK, needs(app).view(DISMISS_CALLBACK, 'supervisor'), dismissWithReason(deps));
}
