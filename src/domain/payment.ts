/**
 * The rules of recording a payment (Credgenics Update Payment), checked before anything is sent.
 * Input is what a person typed or picked; output is a PaymentDraft or errors keyed by field.
 */
import { z } from 'zod';
import { isDocumentedAllocationMonth } from './allocation-month.ts';
import type { LoanKind } from './loan.ts';
import { parseAmount } from './amount.ts';

export const FINAL_STATUSES = ['Partially Recovered', 'Closed'] as const;
export const PAYMENT_METHODS = ['Cash', 'Online', 'Cheque', 'Application', 'Bank Account Transfer', 'Payment Link'] as const;
export const RECOVERY_METHODS = ['Communications', 'Field Collection', 'Legal'] as const;
export const CLOSURE_WITH = ['NOC', 'Settlement'] as const;

export type FinalStatus = (typeof FINAL_STATUSES)[number];

/** The payment modal's fields; the names double as the modal's block ids. */
export type PaymentField =
  | 'amount'
  | 'final_status'
  | 'payment_method'
  | 'date_of_default'
  | 'allocation_month'
  | 'recovery_method'
  | 'closure_with'
  | 'reference'
  | 'payment_mode'
  | 'client_customer_id';

export type PaymentInput = Partial<Record<PaymentField, string | null | undefined>>;

export interface PaymentDraft {
  loanId: string;
  kind: LoanKind;
  amount: number;
  finalStatus: FinalStatus;
  paymentMethod: (typeof PAYMENT_METHODS)[number];
  dateOfDefault: string | undefined;
  allocationMonth: string;
  recoveryMethod: (typeof RECOVERY_METHODS)[number] | undefined;
  closureWith: (typeof CLOSURE_WITH)[number] | undefined;
  reference: string | undefined;
  paymentMode: string | undefined;
  clientCustomerId: string | undefined;
}

export type PaymentErrors = Partial<Record<PaymentField, string>>;

const blankToUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const choice = <T extends readonly [string, ...string[]]>(values: T, message: string) =>
  z.preprocess(blankToUndefined, z.enum(values, { message }).optional());

const PRINTABLE = /^[^\u0000-\u001f\u007f<>]*$/;

const inputSchema = z.object({
  final_status: choice(FINAL_STATUSES, 'Pick Partially Recovered or Closed'),
  payment_method: choice(PAYMENT_METHODS, 'Pick how the borrower paid'),
  date_of_default: z.preprocess(blankToUndefined, z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Pick a date').optional()),
  allocation_month: z.preprocess(
    blankToUndefined,
    z.string().refine(isDocumentedAllocationMonth, 'Pick an allocation month').optional(),
  ),
  recovery_method: choice(RECOVERY_METHODS, 'Pick Communications, Field Collection or Legal'),
  closure_with: choice(CLOSURE_WITH, 'Pick NOC or Settlement'),
  reference: z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9][A-Za-z0-9/_.-]{2,49}$/, 'A reference is 3–50 letters, digits, / _ . or - (e.g. UTR 412345678901)')
      .optional(),
  ),
  payment_mode: z.preprocess(
    blankToUndefined,
    z.string().trim().max(50, 'Keep the payment mode under 50 characters').regex(PRINTABLE, 'Use plain text').optional(),
  ),
  client_customer_id: z.preprocess(
    blankToUndefined,
    z.string().trim().regex(/^[A-Za-z0-9_-]{1,50}$/, 'A client customer ID is letters, digits, - or _').optional(),
  ),
});

/**
 * Check a submitted payment. `today` is the calendar date (YYYY-MM-DD) in the team's time zone.
 */
export function validatePayment(
  input: PaymentInput,
  loan: { loanId: string; kind: LoanKind; clientCustomerId?: string | undefined },
  today: string,
): { ok: true; draft: PaymentDraft } | { ok: false; errors: PaymentErrors } {
  const errors: PaymentErrors = {};
  // Each field is parsed on its own so that one bad field never hides the rules of the others.
  const field = <K extends keyof typeof inputSchema.shape>(key: K): z.output<(typeof inputSchema.shape)[K]> | undefined => {
    const parsed = inputSchema.shape[key].safeParse(input[key]);
    if (parsed.success) return parsed.data as z.output<(typeof inputSchema.shape)[K]>;
    errors[key] ??= parsed.error.issues[0]?.message ?? 'Check this value';
    return undefined;
  };
  const values = {
    final_status: field('final_status'),
    payment_method: field('payment_method'),
    date_of_default: field('date_of_default'),
    allocation_month: field('allocation_month'),
    recovery_method: field('recovery_method'),
    closure_with: field('closure_with'),
    reference: field('reference'),
    payment_mode: field('payment_mode'),
    client_customer_id: field('client_customer_id'),
  };

  const amount = parseAmount(typeof input.amount === 'string' ? input.amount : '');
  if (!amount.ok) errors.amount = amount.message;

  const finalStatus = values.final_status;
  if (!finalStatus) errors.final_status ??= 'Pick Partially Recovered or Closed';
  if (!values.payment_method) errors.payment_method ??= 'Pick how the borrower paid';
  if (!values.allocation_month) errors.allocation_month ??= 'Pick an allocation month';

  const dateOfDefault = values.date_of_default;
  // The docs: date_of_default is "Required only if final_status is Partially Recovered".
  if (finalStatus === 'Partially Recovered' && !dateOfDefault) {
    errors.date_of_default ??= 'Required when the final status is Partially Recovered';
  }
  if (dateOfDefault && dateOfDefault > today) errors.date_of_default = 'The date of default cannot be in the future';
  if (finalStatus === 'Partially Recovered' && values.closure_with) {
    errors.closure_with = 'Closure with is only for a Closed loan: clear it, or set the final status to Closed';
  }
  if (loan.kind === 'credit_line' && !values.client_customer_id) {
    errors.client_customer_id ??= 'Required for a credit-line loan';
  }
  // A credit line belongs to one customer: a payment naming another would go to (or be refused for) someone else.
  if (loan.kind === 'credit_line' && values.client_customer_id && loan.clientCustomerId && values.client_customer_id !== loan.clientCustomerId) {
    errors.client_customer_id ??= `Loan ${loan.loanId} belongs to customer ${loan.clientCustomerId} in Credgenics, not ${values.client_customer_id}`;
  }

  if (Object.keys(errors).length > 0 || !amount.ok) return { ok: false, errors };
  return {
    ok: true,
    draft: {
      loanId: loan.loanId,
      kind: loan.kind,
      amount: amount.value,
      finalStatus: values.final_status!,
      paymentMethod: values.payment_method!,
      dateOfDefault,
      allocationMonth: values.allocation_month!,
      recoveryMethod: values.recovery_method,
      closureWith: values.closure_with,
      reference: values.reference,
      paymentMode: values.payment_mode,
      clientCustomerId: loan.kind === 'credit_line' ? values.client_customer_id : undefined,
    },
  };
}

/**
 * The Update Payment body. The docs' field table omits `amount_recovered`, but both of their samples
 * send it (and a payment without an amount means nothing), so we send it.
 * `client_customer_id` is in the credit-line table only; lending loans leave it out.
 */
export function updatePaymentBody(draft: PaymentDraft) {
  return {
    ...(draft.clientCustomerId ? { client_customer_id: draft.clientCustomerId } : {}),
    final_status: draft.finalStatus,
    amount_recovered: draft.amount,
    payment_method: draft.paymentMethod,
    ...(draft.dateOfDefault ? { date_of_default: draft.dateOfDefault } : {}),
    ...(draft.recoveryMethod ? { recovery_method: draft.recoveryMethod } : {}),
    ...(draft.closureWith ? { closure_with: draft.closureWith } : {}),
    ...(draft.reference ? { payment_reference_number: draft.reference } : {}),
    ...(draft.paymentMode ? { payment_mode: draft.paymentMode } : {}),
  };
}

/** Same loan, same amount, same reference: what makes two payments look like one recorded twice. */
export function paymentFingerprint(draft: Pick<PaymentDraft, 'loanId' | 'amount' | 'reference'>): string {
  return `payment|${draft.loanId}|${draft.amount.toFixed(2)}|${(draft.reference ?? '').toUpperCase()}`;
}

export const DUPLICATE_WINDOW_MS = 10 * 60 * 1000;
