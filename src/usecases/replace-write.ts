/**
 * Edit & retry: a new write that replaces a rejected one, for every operation (a payment, an Update loan
 * of a loan or a credit-line transaction, an Add loan, an Apollo update). The form names the write it
 * replaces by id in its metadata, and a modal's metadata is input like any other, so what it names is
 * checked before anything is recorded and again right before it is dismissed: a failed write of the same
 * operation and loan, and a person who holds the role that write needs. A write that is pending,
 * sending, confirmed or already dismissed is never touched.
 */
import type { Role } from '../domain/roles.ts';
import type { OutboxWrite, Store, WriteOperation } from '../store/index.ts';

export interface ReplaceDeps {
  store: Store;
  access: { allowed(userId: string, role: Role): Promise<boolean> };
}

/** Who may send a write of this operation again (Retry, Edit & retry): a payment an agent, anything else a supervisor. */
export function roleToResend(operation: WriteOperation | undefined): Role {
  return operation === 'update_payment' ? 'agent' : 'supervisor';
}

/** "a payment", "an Update loan", … as the refusal names what was expected. */
const WHAT: Record<WriteOperation, string> = {
  update_payment: 'a payment',
  update_loan: 'an Update loan',
  update_transaction: 'an Update loan of a credit-line transaction',
  add_loan: 'an Add loan',
  apollo_update: 'an Update in Apollo',
};

/** A write whose alert offers Edit & retry: the lender refused it (4xx) and it cannot have been applied. */
export function isRejected(write: Pick<OutboxWrite, 'state' | 'retryable' | 'needsReconcile' | 'lastStatus'>): boolean {
  const status = write.lastStatus ?? 0;
  return write.state === 'failed' && write.retryable === false && !write.needsReconcile && status >= 400 && status < 500;
}

export type Replaceable = { ok: true; write: OutboxWrite } | { ok: false; reason: string };

export interface Replacement {
  operation: WriteOperation;
  /** The loan id of the new write's request (the transaction id for a credit-line transaction). */
  loanId: string;
  by: string;
}

export async function checkReplaceable(deps: ReplaceDeps, writeId: string, input: Replacement): Promise<Replaceable> {
  const write = await deps.store.outbox.get(writeId);
  if (!write) return { ok: false, reason: 'loanbot has no record of the write it replaces' };
  if (write.operation !== input.operation) return { ok: false, reason: `what it replaces is not ${WHAT[input.operation]}` };
  if (write.loanId !== input.loanId) return { ok: false, reason: `the write it replaces is for loan ${write.loanId}, not loan ${input.loanId}` };
  if (write.state !== 'failed') return { ok: false, reason: `the write it replaces is ${write.state}, not failed` };
  const role = roleToResend(write.operation);
  if (!(await deps.access.allowed(input.by, role))) return { ok: false, reason: `only ${role === 'agent' ? 'an agent' : 'a supervisor'} may replace it` };
  return { ok: true, write };
}

/** Dismiss the replaced write, checking it once more first; undefined when it may not be (or already was). */
export async function dismissReplaced(deps: ReplaceDeps, writeId: string, input: Replacement & { replacement: string }): Promise<OutboxWrite | undefined> {
  const check = await checkReplaceable(deps, writeId, input);
  if (!check.ok) return undefined;
  const reason = `edited and sent again as ${input.replacement}`;
  const dismissed = await deps.store.outbox.markDismissed(writeId, input.by, reason, ['failed']);
  if (dismissed) {
    await deps.store.audit.append({ actor: input.by, action: 'alert.dismissed', loanId: dismissed.loanId, lender: dismissed.lender, outcome: 'replaced', detail: reason, writeId });
  }
  return dismissed;
}
