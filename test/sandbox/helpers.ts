/** Shared helpers for the sandbox Credgenics tests. */
import {
  startCredgenicsSandbox,
  type CredgenicsSandbox,
  type StartCredgenicsSandboxOptions,
} from '../../dev/sandbox/credgenics/index.ts';
import { call as httpCall, type Answer } from '../../dev/kit/http.ts';

export const TOKEN = 'test-token-7f3a';
export const ROLE = 'collections-agent';
export const AUTH = { authenticationtoken: TOKEN, role: ROLE };

/** 20 Nov 2026, 10:00 in India: this month is "2026-11-01", last month "2026-10-01". */
export const NOW = new Date('2026-11-20T10:00:00+05:30');
export const THIS_MONTH = '2026-11-01';
export const LAST_MONTH = '2026-10-01';

export function startSandbox(opts: Partial<StartCredgenicsSandboxOptions> = {}): Promise<CredgenicsSandbox> {
  return startCredgenicsSandbox({ authToken: TOKEN, role: ROLE, now: () => NOW, ...opts });
}

export type { Answer } from '../../dev/kit/http.ts';

export function call(
  sandbox: CredgenicsSandbox,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = AUTH,
  signal?: AbortSignal,
): Promise<Answer> {
  // A body is always labelled JSON here, even a string one (a malformed body is still "JSON").
  const sent = body === undefined ? headers : { ...headers, 'content-type': 'application/json' };
  return httpCall(`${sandbox.url}${path}`, { method, headers: sent, body, ...(signal ? { signal } : {}) });
}

export const getLoan = (sandbox: CredgenicsSandbox, id: string) => call(sandbox, 'GET', `/recovery/loan/${id}`);

export const pay = (sandbox: CredgenicsSandbox, id: string, month: string | null, body: unknown) =>
  call(
    sandbox,
    'PATCH',
    `/recovery/recovery/update/${id}${month === null ? '' : `?allocation_month=${encodeURIComponent(month)}`}`,
    body,
  );

/** A valid Add Loan body (the docs' sample, trimmed). */
export function addLoanBody(loanId: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    loan_id: loanId,
    loan_type: 'Personal Loan',
    applicant_name: 'Sunita Devi',
    applicant_dob: '1991-05-12',
    applicant_email: 'sunita.devi@example.in',
    applicant_contact_number: '9876501234',
    applicant_monthly_income: 32000,
    total_loan_amount: 60000,
    loan_tenure: 12,
    interest_on_loan: 16.5,
    tenure_finished: false,
    security_type: 'Unsecured',
    backed_by_surety: false,
    emi_amount: 5500,
    applicant_address: [
      {
        applicant_address_type: 'Home',
        applicant_address_text: '12, Gandhi Nagar, Jaipur',
        applicant_state: 'Rajasthan',
        applicant_city: 'Jaipur',
        applicant_pincode: 302015,
      },
    ],
    defaults: [
      {
        total_claim_amount: 16500,
        late_fee: 500,
        date_of_default: '2026-09-05',
        expected_emi: 5500,
        default_emi_number: 3,
        settlement_amount: 14000,
        client_amount_recovered: 0,
        principal_outstanding_amount: 48000,
        expected_emi_interest_amount: null,
        expected_emi_principal_amount: 4700,
        other_penalty: null,
      },
    ],
    ...extra,
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
