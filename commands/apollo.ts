/**
 * `/loan apollo <loan_id>`: the Update in Apollo form, opened at once (views/apollo/), or why it cannot be.
 */
import type { Services } from '../src/services.ts';
import type { Subcommand } from '../src/slack/listeners.ts';
import { apolloPartnerTag } from '../src/usecases/update-in-apollo.ts';
import { openApolloModal } from '../views/apollo/open.ts';
import { APOLLO_NOT_CONFIGURED } from '../views/words/apollo.ts';

export function apolloCommand(deps: Services): Subcommand {
  return async (args, loanId) => {
    if (!apolloPartnerTag(deps)) {
      await args.ack({ response_type: 'ephemeral', text: `:warning: ${APOLLO_NOT_CONFIGURED}` });
      return;
    }
    await args.ack();
    if (!loanId) return;
    await openApolloModal(deps, args.client, args.command.trigger_id, { loanId, channelId: args.command.channel_id });
  };
}
