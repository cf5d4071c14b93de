/**
 * *More* on a loan summary: the rest of the summary (still masked) to the person who pressed it, so
 * the channel keeps only what an agent acts on.
 */
import type { App, BlockButtonAction } from '@slack/bolt';
import { stampIn } from '../../src/domain/dates.ts';
import type { Services } from '../../src/services.ts';
import { needs } from '../../src/slack/listener-roles.ts';
import { lookupLoan } from '../../src/usecases/lookup-loan.ts';
import { escapeMrkdwn } from '../shared/blocks.ts';
import { SUMMARY_ACTIONS, loanMoreMessage } from './summary.ts';

export function registerLoanMore(app: App, services: Services): void {
  // A viewer may look a loan up, so a viewer may read the rest of its (masked) summary.
  app.action<BlockButtonAction>(SUMMARY_ACTIONS.more, needs(app).action(SUMMARY_ACTIONS.more, 'viewer'), async ({ ack, action, respond }) => {
    await ack();
    const result = await lookupLoan(services, action.value ?? '');
    if (!result.ok) {
      await respond({ response_type: 'ephemeral', replace_original: false, text: `:warning: ${escapeMrkdwn(result.message)}` });
      return;
    }
    const message = loanMoreMessage(result.summary, { fetchedAt: stampIn(services.now(), services.config.timeZone), sandbox: services.sandbox });
    await respond({ response_type: 'ephemeral', replace_original: false, ...message });
  });
}
