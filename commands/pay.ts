/**
 * `/loan pay <loan_id>`: the Record payment modal, opened at once (views/payment/).
 */
import type { Services } from '../src/services.ts';
import type { Subcommand } from '../src/slack/listeners.ts';
import { openPaymentModal } from '../views/payment/open.ts';

export function payCommand(deps: Services): Subcommand {
  return async (args, loanId) => {
    await args.ack();
    if (!loanId) return;
    await openPaymentModal(deps, args.client, args.command.trigger_id, {
      loanId,
      channelId: args.command.channel_id,
      responseUrl: args.command.response_url,
    });
  };
}
