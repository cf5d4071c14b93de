/**
 * `/loan history <loan_id>`: what loanbot has written for the loan, newest first, only to the caller
 * (views/loan/history.ts renders it and pages it).
 */
import type { Services } from '../src/services.ts';
import type { Subcommand } from '../src/slack/listeners.ts';
import { loanHistory } from '../src/usecases/loan-history.ts';
import { historyMessage } from '../views/loan/history.ts';

export function historyCommand(deps: Services): Subcommand {
  return async (args, loanId) => {
    if (!loanId) return;
    const page = await loanHistory(deps, loanId, 0);
    await args.ack({ response_type: 'ephemeral', ...historyMessage(page, deps.config.timeZone, deps.now().getTime()) });
  };
}
