/**
 * Opening Update in Apollo: the summary's button (and `/loan apollo <id>`, commands/apollo.ts, and Edit &
 * retry) open the form at once: Apollo has no Get, so there is nothing to load from the lender; the form
 * starts from loanbot's last update Apollo accepted for this loan (a local read).
 */
import type { WebClient } from '@slack/web-api';
import type { ApolloInput } from '../../src/domain/apollo-rules.ts';
import { stampIn } from '../../src/domain/dates.ts';
import type { Services } from '../../src/services.ts';
import type { ButtonListener } from '../../src/slack/listeners.ts';
import { apolloFormStart, apolloPartnerTag } from '../../src/usecases/update-in-apollo.ts';
import { summaryButtonOrigin } from '../loan/summary.ts';
import { tellCaller } from '../shared/post-message.ts';
import { APOLLO_NOT_CONFIGURED } from '../words/apollo.ts';
import { apolloFormView, type ApolloOrigin } from './modal.ts';

/** Open the form now; `initial` (Edit & retry) instead of loanbot's last accepted update. */
export async function openApolloModal(deps: Pick<Services, 'store' | 'config'>, client: WebClient, triggerId: string, origin: ApolloOrigin, initial?: ApolloInput): Promise<void> {
  if (initial) {
    await client.views.open({ trigger_id: triggerId, view: apolloFormView(origin, initial) });
    return;
  }
  const start = await apolloFormStart(deps, origin.loanId);
  const from = start.from ? `${start.from.writeId} on ${stampIn(new Date(start.from.at), deps.config.timeZone)}` : undefined;
  await client.views.open({ trigger_id: triggerId, view: apolloFormView({ ...origin, prefilledFrom: from }, start.input) });
}

/** *Update in Apollo* on a loan summary. */
export function updateInApolloButton(deps: Services): ButtonListener {
  return async ({ ack, body, action, client, respond }) => {
    await ack();
    if (!apolloPartnerTag(deps)) {
      await tellCaller(respond, { text: `:warning: ${APOLLO_NOT_CONFIGURED}` });
      return;
    }
    await openApolloModal(deps, client, body.trigger_id, summaryButtonOrigin(body, action.value ?? ''));
  };
}
