/**
 * Opening Update loan: the summary's button (and `/loan update <id>`, commands/update.ts, and Edit & retry)
 * open the modal at once (loading state, within the trigger_id's 3 s); the loan is fetched after.
 */
import type { WebClient } from '@slack/web-api';
import type { ModalView } from '@slack/types';
import type { LoanUpdateInput } from '../../src/domain/loan-update.ts';
import { originalForForm } from '../../src/domain/loan-update-form.ts';
import type { Services } from '../../src/services.ts';
import type { ButtonListener } from '../../src/slack/listeners.ts';
import { loadLoanForUpdate } from '../../src/usecases/update-loan.ts';
import { valueDigest } from '../../src/usecases/value-digest.ts';
import { summaryButtonOrigin } from '../loan/summary.ts';
import { loanUpdateProblem } from '../words/update-loan.ts';
import { updateLoanErrorView, updateLoanFormView, updateLoanLoadingView, type UpdateLoanFormContext, type UpdateLoanOrigin } from './modal.ts';

/** Edit & retry: what the rejected update sent, as the form shows it (personal details left out, by label). */
export interface CorrectionStart {
  transactionId: string;
  sent: LoanUpdateInput;
  leftOut: string[];
}

export type FormDeps = Pick<Services, 'credgenics' | 'logger' | 'config'>;

/**
 * Fetch the loan (and the chosen transaction) and build the form, or an error view. The form's metadata
 * carries ids and what it needs to tell a change (originalForForm), never the borrower's phone, email or
 * street; `initial` brings back what was typed (Edit on the review).
 */
export async function formFor(deps: FormDeps, origin: UpdateLoanOrigin, transactionId?: string, initial?: LoanUpdateInput, retry?: CorrectionStart): Promise<ModalView> {
  const loaded = await loadLoanForUpdate(deps, origin.loanId, transactionId);
  if (!loaded.ok) return updateLoanErrorView(origin, loanUpdateProblem(loaded.problem));
  const { source } = loaded;
  const ctx: UpdateLoanFormContext = {
    loanId: origin.loanId,
    channelId: origin.channelId,
    threadTs: origin.threadTs,
    sourceTs: origin.sourceTs,
    replaces: origin.replaces,
    kind: source.target.kind,
    applicantName: source.applicantName?.slice(0, 80),
    clientCustomerId: source.target.clientCustomerId,
    transactionId: source.target.transactionId,
    original: originalForForm(source.original, valueDigest(deps.config)),
  };
  // An Edit & retry corrects the transaction it was for: no other is offered.
  const transactionIds = origin.replaces ? [source.target.transactionId] : source.transactionIds;
  if (!retry) return updateLoanFormView(ctx, transactionIds, initial);
  const notes = retry.leftOut.length > 0 ? [`The rejected update also changed ${retry.leftOut.join(', ')}, not shown here: type it again if it should still change.`] : [];
  return updateLoanFormView(ctx, transactionIds, { ...ctx.original.values, ...retry.sent }, notes);
}

/** Open the modal now (loading), then fill it in from the loan (and, for an Edit & retry, from what was sent). */
export async function openUpdateLoanModal(deps: FormDeps, client: WebClient, triggerId: string, origin: UpdateLoanOrigin, retry?: CorrectionStart): Promise<void> {
  const opened = await client.views.open({ trigger_id: triggerId, view: updateLoanLoadingView(origin) });
  const viewId = opened.view?.id;
  if (!viewId) return;
  await client.views.update({ view_id: viewId, hash: opened.view?.hash, view: await formFor(deps, origin, retry?.transactionId, undefined, retry) });
}

/** *Update loan* on a loan summary. */
export function updateLoanButton(deps: Services): ButtonListener {
  return async ({ ack, body, action, client }) => {
    await ack();
    await openUpdateLoanModal(deps, client, body.trigger_id, summaryButtonOrigin(body, action.value ?? ''));
  };
}
