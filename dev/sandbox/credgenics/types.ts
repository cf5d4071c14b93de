/**
 * Public types of the sandbox Credgenics server.
 *
 * The sandbox imitates the documented Credgenics recovery API (lending and credit-line
 * loans) on 127.0.0.1 for tests, the offline demo shell and `LOANBOT_LENDERS=sandbox`.
 */
import type {
  Fault as SandboxFault,
  FaultMatch as SandboxFaultMatch,
  RecordedRequest,
} from '../kit/types.ts';

export interface StartCredgenicsSandboxOptions {
  /** The value the `authenticationtoken` header must carry. */
  authToken: string;
  /** The value the `role` header must carry. */
  role: string;
  /** Port to listen on; default 0 (an ephemeral port). Always bound to 127.0.0.1. */
  port?: number;
  /** Clock for seed dates, allocation months, timestamps and `RecordedRequest.at`; default `() => new Date()`. */
  now?: () => Date;
  /** IANA time zone for wall-clock dates (allocation months, `created`, `recovery_date`); default Asia/Kolkata. */
  timeZone?: string;
}

/** One API request as the sandbox received it (see `CredgenicsSandbox.requests`). */
export type { RecordedRequest };

/**
 * `path`: a string equals the request path (with or without its query string); a RegExp is
 * tested against the path (and the path with its query string). Default: any.
 */
export type FaultMatch = SandboxFaultMatch<string | RegExp>;

export type Fault = SandboxFault<string | RegExp>;

export type LoanKind = 'lending' | 'credit_line';

export interface SandboxLoanSummary {
  loanId: string;
  kind: LoanKind;
  /** One readable line, e.g. "1001  Keval Gor · Business Loan · Partially Recovered · DPD 91". */
  line: string;
}

/** One Update Payment call the sandbox applied (for tests: `sandbox.payments(loanId)`). */
export interface AppliedPayment {
  loanId: string;
  kind: LoanKind;
  /** For credit-line loans: the customer the transaction belongs to. */
  clientCustomerId: string | null;
  /** As given in the query, e.g. "2026-2-01". */
  allocationMonth: string;
  amountRecovered: number;
  finalStatus: string;
  paymentMethod: string;
  recoveryMethod: string | null;
  closureWith: string | null;
  paymentReferenceNumber: string | null;
  paymentMode: string | null;
  dateOfDefault: string | null;
  /** The default's `amount_recovered` after this payment. */
  totalRecoveredAfter: number;
  /** `recovery_date` written, "YYYY-MM-DD HH:mm:ss.SSSSSS" in the sandbox time zone. */
  recordedAt: string;
}

export interface CredgenicsSandbox {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:PORT. */
  url: string;
  /** Every API request received, oldest first (control endpoints are not recorded). Cleared in place by reset(). */
  requests: RecordedRequest[];
  /** Replace all faults with this one (or clear them with null). */
  setFault(fault: Fault | null): void;
  /** Add a fault after the existing ones; the first matching fault wins. */
  addFault(fault: Fault): void;
  clearFaults(): void;
  loans(): SandboxLoanSummary[];
  /** The body GET /recovery/loan/{id} would return now (a copy), or undefined for an unknown id. */
  getRaw(loanId: string): unknown;
  /** Payments applied to this loan (or credit-line transaction) since the last reset, oldest first. */
  payments(loanId: string): AppliedPayment[];
  /** Back to the seed (rebuilt from now()), no faults, requests and payments cleared. */
  reset(): void;
  /** Stop listening, cancel pending delays and destroy open sockets. */
  close(): Promise<void>;
}
