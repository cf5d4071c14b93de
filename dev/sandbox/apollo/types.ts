/**
 * Public types of the sandbox Apollo Finvest server: the OAuth2 token endpoint and the Loan Update API
 * on 127.0.0.1, for tests, the offline demo shell and `LOANBOT_LENDERS=sandbox`.
 */
import type {
  Fault as SandboxFault,
  FaultMatch as SandboxFaultMatch,
  RecordedRequest as SandboxRecordedRequest,
} from '../kit/types.ts';

export interface StartApolloSandboxOptions {
  /** The Basic credentials the token endpoint accepts. */
  clientId: string;
  clientSecret: string;
  /** The `x-api-key` the update endpoint accepts. */
  apiKey: string;
  /** The `partner_tag` the update endpoint accepts. */
  partnerTag: string;
  /** Lifetime of issued tokens; default 300 (the docs' 5 minutes). */
  tokenTtlSeconds?: number;
  /** Clock (epoch ms) for token expiry, the 3-day window, seed dates and `RecordedRequest.at`; default Date.now. */
  now?: () => number;
  /** Port to listen on; default 0 (an ephemeral port). Always bound to 127.0.0.1. */
  port?: number;
  /** IANA zone of Apollo's dates and times ("DD/MM/YYYY HH:mm"); default Asia/Kolkata. */
  timeZone?: string;
}

export type ApolloEndpoint = 'token' | 'update';

export interface RecordedRequest extends SandboxRecordedRequest {
  /** Which endpoint the request was for; 'other' for any other path. */
  endpoint: ApolloEndpoint | 'other';
}

/** `path`: 'token' or 'update'. Default: both. */
export type FaultMatch = SandboxFaultMatch<ApolloEndpoint>;

export type Fault = SandboxFault<ApolloEndpoint>;

/** One loan as Apollo's sandbox holds it. */
export interface ApolloSandboxLoan {
  loanId: string;
  loanType: string;
  /** e.g. "Document Check Pending", "Disbursed". */
  stage: string;
  /** Epoch ms; updates are allowed until 3 days after this. */
  createdAt: number;
  /** The updatable fields, in Apollo's shapes ("DD/MM/YYYY", tenure and amounts as strings). */
  loanInformation: Record<string, string>;
  /** Successful updates since the last reset. */
  updates: number;
}

export interface ApolloSandbox {
  /** The OAuth2 token endpoint, e.g. http://127.0.0.1:PORT/oauth2/token. */
  tokenUrl: string;
  /** The Loan Update endpoint, e.g. http://127.0.0.1:PORT/v1/loan/update (accepts PATCH, POST and PUT). */
  updateUrl: string;
  /** Every API request received, oldest first (control endpoints are not recorded). Cleared in place by reset(). */
  requests: RecordedRequest[];
  /** Requests received by the token endpoint since the last reset. */
  tokenRequests(): number;
  /** Replace all faults with this one (or clear them with null). */
  setFault(fault: Fault | null): void;
  /** Add a fault after the existing ones; the first matching fault wins. */
  addFault(fault: Fault): void;
  clearFaults(): void;
  loans(): Array<{ loanId: string; line: string }>;
  /** One loan (a copy), or undefined. */
  loan(loanId: string): ApolloSandboxLoan | undefined;
  /** Back to the seed (rebuilt from now()), no faults, requests cleared. Issued tokens stay valid. */
  reset(): void;
  /** Stop listening, cancel pending delays and destroy open sockets. */
  close(): Promise<void>;
}
