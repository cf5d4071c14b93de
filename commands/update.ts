/**
 * `/loan update <loan_id>`: the Update loan modal, opened at once (views/update-loan/).
 */
import type { Services } from '../src/services.ts';
import type { Subcommand } from '../src/slack/listeners.ts';
import { openUpdateLoanModal } from '../views/update-loan/open.ts';

export function updateCommand(deps: Services): Subcommand {
  return async (args, loanId) => {
    await args.ack();
    if (!loanId) return;
    await openUpdateLoanModal(deps, args.client, args.command.trigger_id, { loanId, channelId: args.command.channel_id });
  };
}
