/**
 * A borrower's full personal details, read from Credgenics for the one person who asked (an agent's
 * *Personal details* on a summary, a supervisor's *Show current details* in the Update loan form), and
 * recorded in the audit trail. Shown only to them, never in the channel.
 */
import type { Store } from '../store/index.ts';
import { lookupLoan, type LookupDeps, type LookupResult } from './lookup-loan.ts';

export interface RevealDeps extends LookupDeps {
  store: Pick<Store, 'audit'>;
}

/** Where the details are shown, as the audit trail says it. */
const SHOWN = {
  summary: { outcome: 'shown ephemerally', detail: 'full personal details shown to the requester only' },
  update_form: { outcome: 'shown in a modal', detail: 'current phone, email and address shown in the Update loan form, to the requester only' },
} as const;

export async function revealPersonalDetails(deps: RevealDeps, input: { loanId: string; by: string; where: keyof typeof SHOWN }): Promise<LookupResult> {
  const result = await lookupLoan(deps, input.loanId);
  if (!result.ok) return result;
  await deps.store.audit.append({ actor: input.by, action: 'pii.revealed', loanId: input.loanId, lender: 'credgenics', ...SHOWN[input.where], writeId: null });
  return result;
}
