/**
 * Registers every Block Kit surface's action and submission handlers, and returns the `/loan`
 * subcommands that open those surfaces.
 */
import type { App } from '@slack/bolt';
import type { Services } from '../src/services.ts';
import type { LoanCommandRoutes } from '../commands/loan.ts';
import { apolloCommand, registerApolloModal } from './apollo/submit.ts';
import { payCommand, registerPaymentModal } from './payment/submit.ts';
import { registerAlertHandlers } from './alerts/buttons.ts';
import { historyCommand, registerHistory } from './loan/history.ts';
import { registerUpdateLoanModal, updateCommand } from './update-loan/submit.ts';
import { registerLoanDetails } from './loan/details.ts';
import { registerLoanMore } from './loan/more.ts';
import { addCommand, registerAddLoanModal } from './add-loan/submit.ts';
import { bulkCommand, registerBulkModal } from './bulk/submit.ts';

export function registerViews(app: App, services: Services): LoanCommandRoutes {
  registerPaymentModal(app, services);
  registerAlertHandlers(app, services, services.notifier);
  registerHistory(app, services);
  registerLoanDetails(app, services);
  registerLoanMore(app, services);
  registerUpdateLoanModal(app, services);
  registerAddLoanModal(app, services);
  registerApolloModal(app, services);
  registerBulkModal(app, services);
  return { pay: payCommand(services), update: updateCommand(services), apollo: apolloCommand(services), history: historyCommand(services), add: addCommand(services), bulk: bulkCommand() };
}
