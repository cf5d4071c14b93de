/**
 * Edit & retry: a new write that replaces a rejected one, for every operation (a payment, an Update loan
 * of a loan or a credit-line transaction, an Add loan, an Apollo update). The form names the write it
 * replaces by id in its metadata, and a modal's metadata is input like any other, so what it names is
 * checked before anything is recorded and again right before it is dismissed: a failed write of the same
 * operation and loan, and a person who holds the role that write needs. A write that is pending,
 * sending, confirmed or already dismissed is never touched.
 */
import type { Role } from '../domain/roles.ts';
import type { OutboxWrite, Store, WriteOperation, WriteState } from '../store/index.ts';
import type { WriteNotifier } from './notifier.ts';
import type { Recorded } from './record-write.ts';

export interface ReplaceDeps {
  store: Pick<Store, 'outbox' | 'audit'>;
  access: { allowed(userId: string, role: Role): Promise<boolean> };
}

/** Who may send a write of this operation again (Retry, Edit & retry): a payment an agent, anything else a supervisor. */
export function roleToResend(operation: WriteOperation | undefined): Role {
  return operation === 'update_payment' ? 'agent' : 'supervisor';
}

/** The role a Retry or Edit & retry of this write needs (a write loanbot does not know: a supervisor). */
export async function roleToResendWrite(deps: { store: Pick<Store, 'outbox'> }, writeId: string | undefined): Promise<Role> {
  const write = writeId ? await deps.store.outbox.get(writeId) : undefined;
  return roleToResend(write?.operation);
}

/** A write whose alert offers Edit & retry: the lender refused it (4xx) and it cannot have been applied. */
export function isRejected(write: Pick<OutboxWrite, 'state' | 'retryable' | 'needsReconcile' | 'lastStatus'>): boolean {
  const status = write.lastStatus ?? 0;
  return write.state === 'failed' && write.retryable === false && !write.needsReconcile && status >= 400 && status < 500;
}

/** Why a form may not replace the write it names (worded in views/words/edit-retry.ts). */
export type ReplaceRefusal =
  | { why: 'unknown' }
  | { why: 'other_operation'; expected: WriteOperation }
  | { why: 'other_loan'; replacedLoanId: string; loanId: string }
  | { why: 'not_failed'; state: WriteState }
  | { why: 'role'; role: Role };

export type Replaceable = { ok: true; write: OutboxWrite } | { ok: false; refusal: ReplaceRefusal };

export interface Replacement {
  operation: WriteOperation;
  /** The loan id of the new write's request (the transaction id for a credit-line transaction). */
  loanId: string;
  by: string;
}

export async function checkReplaceable(deps: ReplaceDeps, writeId: string, input: Replacement): Promise<Replaceable> {
  const write = await deps.store.outbox.get(writeId);
  if (!write) return { ok: false, refusal: { why: 'unknown' } };
  if (write.operation !== input.operation) return { ok: false, refusal: { why: 'other_operation', expected: input.operation } };
  if (write.loanId !== input.loanId) return { ok: false, refusal: { why: 'other_loan', replacedLoanId: write.loanId, loanId: input.loanId } };
  if (write.state !== 'failed') return { ok: false, refusal: { why: 'not_failed', state: write.state } };
  const role = roleToResend(write.operation);
  if (!(await deps.access.allowed(input.by, role))) return { ok: false, refusal: { why: 'role', role } };
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

/** How a person's Confirm of a write ended. */
export type Confirmation =
  /** The form names a write it may not replace: nothing was recorded. */
  | { kind: 'refused'; refusal: ReplaceRefusal }
  /** This view already recorded its write (double click, Slack retry): nothing is sent twice. */
  | { kind: 'already'; write: OutboxWrite }
  | { kind: 'recorded'; write: OutboxWrite };

export interface RecordReplacingDeps extends ReplaceDeps {
  notifier: Pick<WriteNotifier, 'refreshAlerts'>;
}

/**
 * Record a write, replacing the one the form names (if any): that one is checked first, and once the new
 * write is recorded (the first time only) it is dismissed ("edited and sent again as w_…") and its alert
 * updated in place.
 */
export async function recordReplacing(deps: RecordReplacingDeps, replaces: string | undefined, replacement: Replacement, record: () => Promise<Recorded>): Promise<Confirmation> {
  if (replaces) {
    const check = await checkReplaceable(deps, replaces, replacement);
    if (!check.ok) return { kind: 'refused', refusal: check.refusal };
  }
  const { created, write } = await record();
  if (!created) return { kind: 'already', write };
  if (replaces) {
    const replaced = await dismissReplaced(deps, replaces, { ...replacement, replacement: write.id });
    if (replaced) await deps.notifier.refreshAlerts(replaced);
  }
  return { kind: 'recorded', write };
}
