/**
 * The App Home's own listeners: the tab opened, *Refresh*, and *Look up* (a loan's summary, masked, on
 * the Home).
 */
import { isValidLoanId, loanIdProblem } from '../../src/domain/command-text.ts';
import type { Services } from '../../src/services.ts';
import type { ButtonListener } from '../../src/slack/listeners.ts';
import { lookupLoan } from '../../src/usecases/lookup-loan.ts';
import { readViewValues } from '../shared/view-values.ts';
import { lookupProblem } from '../words/lender-errors.ts';
import { HOME_LOOKUP_BLOCK } from './home-view.ts';
import type { HomePublisher } from './publisher.ts';

/** `app_home_opened`: the Home tab published for the person. */
export function homeOpened(homes: HomePublisher) {
  return async ({ event }: { event: { tab?: string; user: string } }): Promise<void> => {
    if (event.tab !== 'home') return;
    await homes.publish(event.user);
  };
}

export function refreshHome(homes: HomePublisher): ButtonListener {
  return async ({ ack, body }) => {
    await ack();
    await homes.publish(body.user.id);
  };
}

export function lookUpFromHome(deps: Services, homes: HomePublisher): ButtonListener {
  return async ({ ack, body }) => {
    await ack();
    const loanId = (readViewValues(body.view ?? {}, [HOME_LOOKUP_BLOCK])[HOME_LOOKUP_BLOCK] ?? '').trim();
    if (!isValidLoanId(loanId)) {
      await homes.publish(body.user.id, { loanId, error: loanId ? loanIdProblem(loanId) : 'Type a loan id first, e.g. 1001.' });
      return;
    }
    const result = await lookupLoan(deps, loanId);
    await homes.publish(body.user.id, result.ok ? { loanId, summary: result.summary } : { loanId, error: lookupProblem(loanId, result.error) });
  };
}
