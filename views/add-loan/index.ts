/**
 * Add loan: registers its listeners, each with the role it needs (`/loan add` is commands/add.ts).
 */
import type { App, BlockAction, BlockButtonAction, RadioButtonsAction, ViewSubmitAction } from '@slack/bolt';
import type { Services } from '../../src/services.ts';
import { needs } from '../../src/slack/listener-roles.ts';
import { ADD_LOAN_ACTIONS, ADD_LOAN_CALLBACKS } from './modal.ts';
import { confirmAddLoanReview, editAddLoan, openMoreDetails, pickLoanKind, reviewAddLoan, saveMoreDetails } from './submit.ts';

export function registerAddLoan(app: App, deps: Services): void {
  app.action<BlockAction<RadioButtonsAction>>(ADD_LOAN_ACTIONS.kind, needs(app).action(ADD_LOAN_ACTIONS.kind, 'supervisor'), pickLoanKind(deps));
  app.action<BlockButtonAction>(ADD_LOAN_ACTIONS.more, needs(app).action(ADD_LOAN_ACTIONS.more, 'supervisor'), openMoreDetails());
  app.view<ViewSubmitAction>(ADD_LOAN_CALLBACKS.more, needs(app).view(ADD_LOAN_CALLBACKS.more, 'supervisor'), saveMoreDetails(deps));
  app.view<ViewSubmitAction>(ADD_LOAN_CALLBACKS.form, needs(app).view(ADD_LOAN_CALLBACKS.form, 'supervisor'), reviewAddLoan(deps));
  app.action<BlockButtonAction>(ADD_LOAN_ACTIONS.edit, needs(app).action(ADD_LOAN_ACTIONS.edit, 'supervisor'), editAddLoan());
  app.view<ViewSubmitAction>(ADD_LOAN_CALLBACKS.review, needs(app).view(ADD_LOAN_CALLBACKS.review, 'supervisor'), confirmAddLoanReview(deps));
}
