/** The closed sets an outbox write is drawn from (lenders, operations, states), shared by every store module. */

export type LenderName = 'credgenics' | 'apollo';
export const LENDER_NAMES = ['credgenics', 'apollo'] as const satisfies readonly LenderName[];

export type WriteOperation = 'update_payment' | 'update_loan' | 'update_transaction' | 'apollo_update' | 'add_loan';
export const WRITE_OPERATIONS = [
  'update_payment',
  'update_loan',
  'update_transaction',
  'apollo_update',
  'add_loan',
] as const satisfies readonly WriteOperation[];

/**
 * pending: waiting for a worker, from `dueAt` on (new, or an automatic retry after a transient failure,
 * or a person's Retry). sending: claimed by one instance under a lease; a request may be in flight.
 * confirmed: the lender accepted it (or reconciliation found it applied). failed: it needs a person
 * (the lender refused, the tries ran out, or loanbot cannot tell whether an earlier attempt was applied);
 * Retry or Send anyway make it pending again. dismissed: a person gave up on it, with a reason.
 */
export type WriteState = 'pending' | 'sending' | 'confirmed' | 'failed' | 'dismissed';
export const WRITE_STATES = ['pending', 'sending', 'confirmed', 'failed', 'dismissed'] as const satisfies readonly WriteState[];

/** A count per state, all zero. */
export function emptyStates(): Record<WriteState, number> {
  return { pending: 0, sending: 0, confirmed: 0, failed: 0, dismissed: 0 };
}

/**
 * The format version of a write's stored request: the request column holds a JSON object whose `v` says
 * which shape it has. `record` and `markSent` stamp `v: REQUEST_FORMAT_VERSION` on an object that has no
 * `v`; rows from before the version existed have none (readers treat that as 1).
 */
export const REQUEST_FORMAT_VERSION = 1;
