/**
 * Updating a loan in Credgenics: the loan read for the form (for a credit line: one of the customer's
 * transactions), the request (Update Loan, or the credit-line transaction's Update Loan), recorded in the
 * outbox before anything is sent, then sent once through the outbox state machine.
 */
import { LANGUAGE_CODES, formText as text, type LoanUpdateOriginal } from '../domain/loan-update.ts';
import { defaultsNewestFirst } from '../domain/loan-summary.ts';
import type { Loan, LoanKind } from '../domain/loan.ts';
import { lookupLoan, type LookupDeps } from './lookup-loan.ts';
import { recordWrite, type RecordDeps, type WriteConfirm, type WritePlace } from './record-write.ts';
import { recordReplacing, type Confirmation, type RecordReplacingDeps } from './replace-write.ts';
import type { WriteRequest } from './write-requests.ts';

export type UpdateLoanDeps = RecordDeps & RecordReplacingDeps;

/** What is being updated: a lending loan, or one transaction of a credit-line customer. */
export interface LoanUpdateTarget {
  /** The loan that was looked up (the summary's loan). */
  loanId: string;
  kind: LoanKind;
  /** The transaction being edited; the loan itself for a lending loan. */
  transactionId: string;
  clientCustomerId?: string | undefined;
}

export interface LoanUpdateSource {
  target: LoanUpdateTarget;
  applicantName: string | undefined;
  /** Credit line: the customer's transaction ids, to pick from (Slack allows 100 options). */
  transactionIds: string[];
  original: LoanUpdateOriginal;
}


/** The form's starting values for a loan, or for one transaction of a credit line. */
export function originalFromLoan(loan: Loan, transactionId = loan.loanId): LoanUpdateOriginal {
  const t = loan.kind === 'credit_line' ? loan.transactions.find((x) => x.transactionId === transactionId) : undefined;
  const terms = t ?? { emiAmount: loan.emiAmount, totalLoanAmount: loan.totalLoanAmount, loanEndDate: loan.loanEndDate, defaults: loan.defaults };
  const current = defaultsNewestFirst(terms.defaults)[0];
  const address = loan.addresses[0];
  const language = text(loan.applicant.language).toLowerCase();
  return {
    kind: loan.kind,
    values: {
      applicant_contact_number: text(loan.applicant.contactNumber), applicant_email: text(loan.applicant.email),
      applicant_address_text: text(address?.text), applicant_state: text(address?.state), applicant_city: text(address?.city),
      applicant_pincode: text(address?.pincode), applicant_monthly_income: text(loan.applicant.monthlyIncome),
      applicant_occupation: text(loan.applicant.occupation), applicant_language: LANGUAGE_CODES.includes(language) ? language : '',
      emi_amount: text(terms.emiAmount), total_loan_amount: text(terms.totalLoanAmount),
      loan_end_date: /^\d{4}-\d{2}-\d{2}$/.test(text(terms.loanEndDate)) ? text(terms.loanEndDate) : '',
      settlement_amount: current?.allocationMonth ? text(current.settlementAmount) : '',
      late_fee: current?.allocationMonth ? text(current.lateFee) : '',
    },
    addressType: address?.type,
    addressCount: loan.addresses.length,
    allocationMonth: current?.allocationMonth || undefined,
  };
}

/** Why the form cannot be built (worded in views/words/update-loan.ts). */
export type LoanUpdateProblem =
  | { why: 'lookup'; loanId: string; error: unknown }
  /** A credit-line loan Credgenics did not say the customer of. */
  | { why: 'no_customer'; loanId: string }
  | { why: 'not_a_transaction'; transactionId: string; clientCustomerId: string };

/** Read the loan and the values the form starts with. */
export async function loadLoanForUpdate(
  deps: LookupDeps,
  loanId: string,
  transactionId?: string,
): Promise<{ ok: true; source: LoanUpdateSource } | { ok: false; problem: LoanUpdateProblem }> {
  const result = await lookupLoan(deps, loanId);
  if (!result.ok) return { ok: false, problem: { why: 'lookup', loanId, error: result.error } };
  const loan = result.loan;
  if (loan.kind === 'lending') {
    const target = { loanId, kind: loan.kind, transactionId: loanId };
    return { ok: true, source: { target, applicantName: loan.applicant.name, transactionIds: [], original: originalFromLoan(loan) } };
  }
  if (!loan.clientCustomerId) {
    return { ok: false, problem: { why: 'no_customer', loanId } };
  }
  const ids = loan.transactions.map((t) => t.transactionId);
  const chosen = transactionId ?? loanId;
  if (!ids.includes(chosen)) {
    return { ok: false, problem: { why: 'not_a_transaction', transactionId: chosen, clientCustomerId: loan.clientCustomerId } };
  }
  const transactionIds = [chosen, ...ids.filter((id) => id !== chosen)].slice(0, 100);
  return {
    ok: true,
    source: {
      target: { loanId, kind: loan.kind, transactionId: chosen, clientCustomerId: loan.clientCustomerId },
      applicantName: loan.applicant.name,
      transactionIds,
      original: originalFromLoan(loan, chosen),
    },
  };
}

/** Lending: PATCH /recovery/loan/{loan_id}. Credit line: PATCH /recovery/transaction/{client_customer_id}/{loan_id}. */
export function loanUpdateRequest(target: LoanUpdateTarget, changes: Record<string, unknown>): WriteRequest {
  if (target.kind === 'credit_line') {
    if (!target.clientCustomerId) throw new Error(`credit-line loan ${target.loanId} has no client_customer_id`);
    return { operation: 'update_transaction', clientCustomerId: target.clientCustomerId, loanId: target.transactionId, body: changes };
  }
  return { operation: 'update_loan', loanId: target.loanId, body: changes };
}

/**
 * Record the update in the outbox (once per key), replacing a rejected update on an Edit & retry. Local and
 * fast: safe before acking Slack.
 */
export function confirmLoanUpdate(
  deps: UpdateLoanDeps,
  input: WriteConfirm & { target: LoanUpdateTarget; changes: Record<string, unknown>; summary: string },
): Promise<Confirmation> {
  const { target } = input;
  const request = loanUpdateRequest(target, input.changes);
  // The notifier refreshes the summary message with the written loan id: only do that when the
  // summary shows that same loan (not when another transaction of the customer was edited).
  const place: WritePlace = { ...input.place, sourceTs: target.transactionId === target.loanId ? input.place.sourceTs : undefined };
  return recordReplacing(deps, input.replaces, { operation: request.operation, loanId: request.loanId, by: input.by }, () =>
    recordWrite(deps, { key: input.key, request, summary: input.summary, by: input.by, place }),
  );
}
