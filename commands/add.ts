/**
 * `/loan add`: the Add loan form, opened at once (nothing to fetch; views/add-loan/).
 */
import type { Services } from '../src/services.ts';
import type { Subcommand } from '../src/slack/listeners.ts';
import { requestLogger } from '../src/slack/request-logger.ts';
import { addLoanFormView } from '../views/add-loan/modal.ts';

export function addCommand(deps: Services): Subcommand {
  return async (args) => {
    await args.ack();
    const view = addLoanFormView({ channelId: args.command.channel_id, kind: 'lending', v: [] });
    await args.client.views.open({ trigger_id: args.command.trigger_id, view }).catch((error: unknown) => {
      requestLogger(deps.logger, args.body, args.context).warn({ err: error }, 'could not open the Add loan modal');
    });
  };
}
