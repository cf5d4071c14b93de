/**
 * What a lender client reports about each call it made, for /metrics: which lender, which operation,
 * how it ended and how long it took. Never a loan id or a body: only bounded, PII-free labels.
 */
import type { LenderError, LenderName } from './errors.ts';

export interface LenderCall {
  lender: LenderName;
  /** `get_loan`, `update_payment`, `update_loan`, `get_token`, … */
  operation: string;
  /** The HTTP status (`200`, `400`, `503`), or `timeout`, `network`, `malformed` when there is none to tell. */
  status: string;
  seconds: number;
}

export type LenderCallObserver = (call: LenderCall) => void;

/** The `status` label of a failed call. A 2xx with an unreadable body is `malformed`, not `200`. */
export function failedCallStatus(error: LenderError): string {
  if (error.kind === 'malformed' || error.status === undefined) return error.kind;
  return String(error.status);
}
