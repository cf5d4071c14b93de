/**
 * The sandbox's in-memory Credgenics: lending loans by loan_id, credit-line customers by
 * client_customer_id (their transactions answer GET /recovery/loan/{transaction_id}),
 * and the payments applied since the last reset.
 */
import { allocationMonthKey, type SandboxClock } from './clock.ts';
import {
  deepCopy,
  SUCCESS_HEADERS,
  type CustomerRecord,
  type DefaultEntry,
  type JsonObject,
  type LendingRecord,
  type Transaction,
} from './model.ts';
import { buildSeed } from './seed-loans.ts';
import type { AppliedPayment, SandboxLoanSummary } from './types.ts';
import type { AddLoanInput, Checked, PaymentInput } from './validation.ts';
import { applyPaymentTo, buildCustomer, buildLendingRecord, buildTransaction, latestDefault } from './writes.ts';

export type Located =
  | { kind: 'lending'; loanId: string; loan: LendingRecord }
  | { kind: 'credit_line'; loanId: string; customer: CustomerRecord; transaction: Transaction };

export class SandboxStore {
  private readonly lending = new Map<string, LendingRecord>();
  private readonly customers = new Map<string, CustomerRecord>();
  private readonly paymentLog = new Map<string, AppliedPayment[]>();

  constructor(readonly clock: SandboxClock) {
    this.reset();
  }

  /** Back to the seed, rebuilt from the clock's now(). */
  reset(): void {
    this.lending.clear();
    this.customers.clear();
    this.paymentLog.clear();
    const seed = buildSeed(this.clock);
    for (const loan of seed.lending) this.lending.set(loan.loan_details.loan_id, loan);
    for (const customer of seed.customers) this.customers.set(customer.client_customer_id, customer);
  }

  /** A lending loan or a credit-line transaction with this id. */
  locate(loanId: string): Located | undefined {
    const loan = this.lending.get(loanId);
    if (loan) return { kind: 'lending', loanId, loan };
    for (const customer of this.customers.values()) {
      const transaction = customer.transactions.find((t) => t.transaction_id === loanId);
      if (transaction) return { kind: 'credit_line', loanId, customer, transaction };
    }
    return undefined;
  }

  customer(customerId: string): CustomerRecord | undefined {
    return this.customers.get(customerId);
  }

  /** The GET /recovery/loan/{id} body (a copy), or undefined. */
  view(loanId: string): unknown {
    const found = this.locate(loanId);
    if (!found) return undefined;
    if (found.kind === 'lending') return deepCopy(found.loan);
    return creditLineView(found.customer);
  }

  /** Add Loan: a lending loan, or with client_customer_id a transaction of that (possibly new) customer. */
  addLoan(input: AddLoanInput): void {
    const customerId = input.client_customer_id;
    if (customerId === undefined) {
      this.lending.set(input.loan_id, buildLendingRecord(input, this.clock));
      return;
    }
    const existing = this.customers.get(customerId);
    if (existing) existing.transactions.push(buildTransaction(input, this.clock));
    else this.customers.set(customerId, buildCustomer(input, customerId, this.clock));
  }

  /** Update Payment on the default of `allocationMonth` (client_customer_id already checked). */
  applyPayment(found: Located, allocationMonth: string, input: PaymentInput): Checked<AppliedPayment> {
    const defaults = found.kind === 'lending' ? found.loan.loan_details.defaults : found.transaction.data.defaults;
    const entry = defaults.find((d) => d.allocation_month === allocationMonth);
    if (!entry) return { ok: false, message: `No default found for allocation_month ${allocationMonth}` };
    const remarks = found.kind === 'lending' ? found.loan.remarks : found.customer.remarks;
    const { total, recordedAt } = applyPaymentTo(entry, remarks, input, this.clock);
    const payment: AppliedPayment = {
      loanId: found.loanId,
      kind: found.kind,
      clientCustomerId: found.kind === 'credit_line' ? found.customer.client_customer_id : null,
      allocationMonth,
      amountRecovered: input.amount_recovered,
      finalStatus: input.final_status,
      paymentMethod: input.payment_method,
      recoveryMethod: input.recovery_method ?? null,
      closureWith: input.closure_with ?? null,
      paymentReferenceNumber: input.payment_reference_number ?? null,
      paymentMode: input.payment_mode ?? null,
      dateOfDefault: input.date_of_default ?? null,
      totalRecoveredAfter: total,
      recordedAt,
    };
    const log = this.paymentLog.get(found.loanId) ?? [];
    log.push(payment);
    this.paymentLog.set(found.loanId, log);
    return { ok: true, value: payment };
  }

  payments(loanId: string): AppliedPayment[] {
    return deepCopy(this.paymentLog.get(loanId) ?? []);
  }

  summaries(): SandboxLoanSummary[] {
    const out: SandboxLoanSummary[] = [];
    for (const [loanId, loan] of this.lending) {
      const d = loan.loan_details;
      out.push({ loanId, kind: 'lending', line: summaryLine(loanId, d.applicant_name, d.loan_type, d.defaults) });
    }
    for (const customer of this.customers.values()) {
      const name = customer.applicant_details.applicant_name;
      const type = customer.applicant_details.loan_type;
      for (const t of customer.transactions) {
        const line = summaryLine(t.transaction_id, name, type, t.data.defaults);
        out.push({ loanId: t.transaction_id, kind: 'credit_line', line: `${line} · credit line ${customer.client_customer_id}` });
      }
    }
    return out;
  }
}

function text(value: unknown, fallback: string): string {
  return typeof value === 'string' && value.trim() ? value.trim() : fallback;
}

/** "1001  Keval Gor · Business Loan · Partially Recovered · DPD 91" */
function summaryLine(loanId: string, name: unknown, loanType: unknown, defaults: readonly DefaultEntry[]): string {
  const head = `${loanId}  ${text(name, '(no name)')} · ${text(loanType, '(no loan type)')}`;
  const latest = latestDefault(defaults);
  if (!latest) return `${head} · no defaults`;
  const dpd = typeof latest.allocation_dpd_value === 'number' ? ` · DPD ${latest.allocation_dpd_value}` : '';
  return `${head} · ${text(latest.final_status, '(no status)')}${dpd}`;
}

/** applicant_details.defaults: one summary per allocation month across the customer's transactions. */
function applicantDefaults(customer: CustomerRecord): JsonObject[] {
  const months = new Map<string, DefaultEntry[]>();
  for (const t of customer.transactions) {
    for (const d of t.data.defaults) months.set(d.allocation_month, [...(months.get(d.allocation_month) ?? []), d]);
  }
  return [...months.entries()]
    .sort(([a], [b]) => allocationMonthKey(a) - allocationMonthKey(b))
    .map(([month, entries]) => {
      const recovered = entries.reduce((sum, d) => sum + (typeof d.amount_recovered === 'number' ? d.amount_recovered : 0), 0);
      const settlements = entries.map((d) => d.settlement_amount).filter((v): v is number => typeof v === 'number');
      const status = entries.every((d) => d.final_status === 'Closed')
        ? 'Closed'
        : recovered > 0 || entries.some((d) => d.final_status === 'Partially Recovered')
          ? 'Partially Recovered'
          : 'Initiated';
      return {
        final_status: status,
        allocation_month: month,
        amount_recovered: recovered,
        settlement_amount: settlements.length ? settlements.reduce((a, b) => a + b, 0) : null,
      };
    });
}

/** The credit-line Get Loan body: `{output: {...}, message, headers}` for the whole customer. */
function creditLineView(customer: CustomerRecord): unknown {
  return deepCopy({
    output: {
      applicant_details: {
        client_customer_id: customer.client_customer_id,
        defaults: applicantDefaults(customer),
        ...customer.applicant_details,
      },
      transactions_details: customer.transactions,
      communication_details: customer.communication_details,
      case_tracking_details: customer.case_tracking_details,
      remarks: customer.remarks,
    },
    message: 'success',
    headers: SUCCESS_HEADERS,
  });
}
