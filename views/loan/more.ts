/**
 * *More* on a loan summary: the rest of the summary (still masked) to the person who pressed it, so
 * the channel keeps only what an agent acts on.
 */
import { stampIn } from '../../src/domain/dates.ts';
import type { Services } from '../../src/services.ts';
import type { ButtonListener } from '../../src/slack/listeners.ts';
import { lookupLoan } from '../../src/usecases/lookup-loan.ts';
import { escapeMrkdwn } from '../shared/blocks.ts';
import { lookupProblem } from '../words/lender-errors.ts';
import { loanMoreMessage } from './summary.ts';

export function showMore(deps: Services): ButtonListener {
  return async ({ ack, action, respond }) => {
    await ack();
    const loanId = action.value ?? '';
    const result = await lookupLoan(deps, loanId);
    if (!result.ok) {
      await respond({ response_type: 'ephemeral', replace_original: false, text: `:warning: ${escapeMrkdwn(lookupProblem(loanId, result.error))}` });
      return;
    }
    const message = loanMoreMessage(result.summary, { fetchedAt: stampIn(deps.now(), deps.config.timeZone), sandbox: deps.sandbox });
    await respond({ response_type: 'ephemeral', replace_original: false, ...message });
  };
}
