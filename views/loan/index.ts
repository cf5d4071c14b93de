/**
 * A loan's summary and what hangs off it: *More*, *Personal details*, and the history's paging (the
 * summary itself is posted by `/loan <id>`, commands/loan.ts). Registers the listeners, each with its role.
 */
import type { App, BlockButtonAction } from '@slack/bolt';
import type { Services } from '../../src/services.ts';
import { needs } from '../../src/slack/listener-roles.ts';
import { showPersonalDetails } from './details.ts';
import { HISTORY_ACTIONS, turnHistoryPage } from './history.ts';
import { showMore } from './more.ts';
import { SUMMARY_ACTIONS } from './summary.ts';

export function registerLoan(app: App, deps: Services): void {
  // A viewer may look a loan up, so a viewer may read the rest of its (masked) summary.
  app.action<BlockButtonAction>(SUMMARY_ACTIONS.more, needs(app).action(SUMMARY_ACTIONS.more, 'viewer'), showMore(deps));
  app.action<BlockButtonAction>(SUMMARY_ACTIONS.showDetails, needs(app).action(SUMMARY_ACTIONS.showDetails, 'agent'), showPersonalDetails(deps));
  for (const actionId of [HISTORY_ACTIONS.older, HISTORY_ACTIONS.newer]) {
    app.action<BlockButtonAction>(actionId, needs(app).action(actionId, 'viewer'), turnHistoryPage(deps));
  }
}
