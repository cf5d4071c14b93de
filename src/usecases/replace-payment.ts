/**
 * Edit & retry: a new payment that replaces a failed one. The modal names the write it replaces, and a
 * modal's metadata is input like any other, so what it names is checked before anything is recorded and
 * again right before it is dismissed: a failed Credgenics payment of the same loan, and a person who may
 * retry payments. A write that is pending, sending, confirmed or already dismissed is never touched.
 */
import type { Role } from '../domain/roles.ts';
import type { OutboxWrite, Store } from '../store/index.ts';

export interface ReplaceDeps {
  store: Store;
  access: { allowed(userId: string, role: Role): Promise<boolean> };
}

export type Replaceable = { ok: true; write: OutboxWrite } | { ok: false; reason: string };

export async function checkReplaceable(deps: ReplaceDeps, writeId: string, input: { loanId: string; by: string }): Promise<Replaceable> {
  const write = await deps.store.outbox.get(writeId);
  if (!write) return { ok: false, reason: 'loanbot has no record of the payment it replaces' };
  if (write.lender !== 'credgenics' || write.operation !== 'update_payment') return { ok: false, reason: 'what it replaces is not a payment' };
  if (write.loanId !== input.loanId) return { ok: false, reason: `the payment it replaces is for loan ${write.loanId}, not loan ${input.loanId}` };
  if (write.state !== 'failed') return { ok: false, reason: `the payment it replaces is ${write.state}, not failed` };
  if (!(await deps.access.allowed(input.by, 'agent'))) return { ok: false, reason: 'only an agent may replace a failed payment' };
  return { ok: true, write };
}

/** Dismiss the replaced payment, checking it once more first; undefined when it may not be (or already was). */
export async function dismissReplaced(
  deps: ReplaceDeps,
  writeId: string,
  input: { loanId: string; by: string; replacement: string },
): Promise<OutboxWrite | undefined> {
  const check = await checkReplaceable(deps, writeId, input);
  if (!check.ok) return undefined;
  return deps.store.outbox.markDismissed(writeId, input.by, `edited and sent again as ${input.replacement}`);
}
