/**
 * Update loan: registers its listeners, each with the role it needs.
 */
import type { App, BlockButtonAction, BlockStaticSelectAction, ViewSubmitAction } from '@slack/bolt';
import type { Services } from '../../src/services.ts';
import { needs } from '../../src/slack/listener-roles.ts';
import { SUMMARY_ACTIONS } from '../loan/summary.ts';
import { showCurrentDetails } from './current-details.ts';
import { UPDATE_LOAN_ACTIONS, UPDATE_LOAN_CALLBACKS } from './modal.ts';
import { updateLoanButton } from './open.ts';
import { confirmLoanUpdateReview, editLoanUpdate, pickTransaction, reviewLoanUpdate } from './submit.ts';

export function registerUpdateLoan(app: App, deps: Services): void {
  app.action<BlockButtonAction>(UPDATE_LOAN_ACTIONS.showCurrent, needs(app).action(UPDATE_LOAN_ACTIONS.showCurrent, 'supervisor'), showCurrentDetails(deps));
  app.action<BlockButtonAction>(SUMMARY_ACTIONS.updateLoan, needs(app).action(SUMMARY_ACTIONS.updateLoan, 'supervisor'), updateLoanButton(deps));
  app.action<BlockStaticSelectAction>(UPDATE_LOAN_ACTIONS.transaction, needs(app).action(UPDATE_LOAN_ACTIONS.transaction, 'supervisor'), pickTransaction(deps));
  app.view<ViewSubmitAction>(UPDATE_LOAN_CALLBACKS.form, needs(app).view(UPDATE_LOAN_CALLBACKS.form, 'supervisor'), reviewLoanUpdate(deps));
  app.action<BlockButtonAction>(UPDATE_LOAN_ACTIONS.edit, needs(app).action(UPDATE_LOAN_ACTIONS.edit, 'supervisor'), editLoanUpdate(deps));
  app.view<ViewSubmitAction>(UPDATE_LOAN_CALLBACKS.review, needs(app).view(UPDATE_LOAN_CALLBACKS.review, 'supervisor'), confirmLoanUpdateReview(deps));
}
