/**
 * Update in Apollo: registers its listeners, each with the role it needs.
 */
import type { App, BlockButtonAction, BlockStaticSelectAction, ViewSubmitAction } from '@slack/bolt';
import type { Services } from '../../src/services.ts';
import { needs } from '../../src/slack/listener-roles.ts';
import { SUMMARY_ACTIONS } from '../loan/summary.ts';
import { APOLLO_ACTIONS, APOLLO_CALLBACKS } from './modal.ts';
import { updateInApolloButton } from './open.ts';
import { confirmApolloReview, editApolloUpdate, pickLoanType, reviewApolloUpdate } from './submit.ts';

export function registerApollo(app: App, deps: Services): void {
  app.action<BlockButtonAction>(SUMMARY_ACTIONS.updateInApollo, needs(app).action(SUMMARY_ACTIONS.updateInApollo, 'supervisor'), updateInApolloButton(deps));
  app.action<BlockStaticSelectAction>(APOLLO_ACTIONS.loanType, needs(app).action(APOLLO_ACTIONS.loanType, 'supervisor'), pickLoanType(deps));
  app.view<ViewSubmitAction>(APOLLO_CALLBACKS.form, needs(app).view(APOLLO_CALLBACKS.form, 'supervisor'), reviewApolloUpdate(deps));
  app.action<BlockButtonAction>(APOLLO_ACTIONS.edit, needs(app).action(APOLLO_ACTIONS.edit, 'supervisor'), editApolloUpdate());
  app.view<ViewSubmitAction>(APOLLO_CALLBACKS.review, needs(app).view(APOLLO_CALLBACKS.review, 'supervisor'), confirmApolloReview(deps));
}
