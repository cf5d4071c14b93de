/**
 * Record payment: registers its listeners, each with the role it needs.
 */
import type { App, BlockButtonAction, ViewSubmitAction } from '@slack/bolt';
import type { Services } from '../../src/services.ts';
import { needs } from '../../src/slack/listener-roles.ts';
import { SUMMARY_ACTIONS } from '../loan/summary.ts';
import { PAYMENT_ACTIONS, PAYMENT_CALLBACKS } from './modal.ts';
import { recordPaymentButton } from './open.ts';
import { confirmPaymentReview, editPayment, reviewPayment } from './submit.ts';

export function registerPayment(app: App, deps: Services): void {
  app.action<BlockButtonAction>(SUMMARY_ACTIONS.recordPayment, needs(app).action(SUMMARY_ACTIONS.recordPayment, 'agent'), recordPaymentButton(deps));
  app.view<ViewSubmitAction>(PAYMENT_CALLBACKS.form, needs(app).view(PAYMENT_CALLBACKS.form, 'agent'), reviewPayment(deps));
  app.action<BlockButtonAction>(PAYMENT_ACTIONS.edit, needs(app).action(PAYMENT_ACTIONS.edit, 'agent'), editPayment());
  app.view<ViewSubmitAction>(PAYMENT_CALLBACKS.review, needs(app).view(PAYMENT_CALLBACKS.review, 'agent'), confirmPaymentReview(deps));
}
