/**
 * zod schemas for what Credgenics sends back, parsed once at the edge.
 * Tolerant by design: unknown fields pass, nulls and "" mean "not given", numbers may arrive as strings
 * ("41.30"), and one bad element of a list is dropped rather than failing the whole loan.
 * Get Loan has two documented shapes: the lending one ({loan_details, …}) and the credit-line one,
 * wrapped as {output: {applicant_details, transactions_details, …}, message}.
 */
import { z } from 'zod';

/** A string that may be null, "", a number, or missing → string | undefined. */
export const optString = z
  .union([z.string(), z.number(), z.boolean()])
  .nullish()
  .catch(undefined)
  .transform((value) => (value == null || value === '' ? undefined : String(value)));

/** A number that may be null, "", or a numeric string → number | undefined. */
export const optNumber = z
  .union([z.number(), z.string()])
  .nullish()
  .catch(undefined)
  .transform((value) => {
    if (value == null || value === '') return undefined;
    const number = typeof value === 'number' ? value : Number(value.replace(/[,₹\s]/g, ''));
    return Number.isFinite(number) ? number : undefined;
  });

/** A list whose bad elements are dropped (and whose absence is an empty list). */
export function tolerantArray<T extends z.ZodType>(item: T) {
  return z
    .unknown()
    .optional()
    .transform((value): z.output<T>[] => {
      if (!Array.isArray(value)) return [];
      const out: z.output<T>[] = [];
      for (const element of value) {
        const parsed = item.safeParse(element);
        if (parsed.success) out.push(parsed.data);
      }
      return out;
    });
}

export const defaultSchema = z.looseObject({
  allocation_month: optString,
  final_status: optString,
  amount_recovered: optNumber,
  settlement_amount: optNumber,
  total_claim_amount: optNumber,
  principal_outstanding_amount: optNumber,
  expected_emi: optNumber,
  late_fee: optNumber,
  allocation_dpd_value: optNumber,
  allocation_dpd_bracket: optString,
  date_of_default: optString,
  actual_date_of_default: optString,
  recovery_date: optString,
  payment_method: optString,
  recovery_method: optString,
  closure_with: optString,
  reference_number: optString,
  payment_reference_number: optString,
});
export type RawDefault = z.output<typeof defaultSchema>;

export const addressSchema = z.looseObject({
  applicant_address_type: optString,
  applicant_address_text: optString,
  applicant_city: optString,
  applicant_state: optString,
  applicant_pincode: optString,
});

const applicantFields = {
  loan_id: optString,
  client_customer_id: optString,
  loan_type: optString,
  product_type: optString,
  applicant_name: optString,
  applicant_contact_number: optString,
  applicant_email: optString,
  applicant_gender: optString,
  applicant_dob: optString,
  applicant_pan_number: optString,
  applicant_aadhar_number: optString,
  applicant_occupation: optString,
  applicant_language: optString,
  applicant_monthly_income: optNumber,
  applicant_cibil_score: optNumber,
  business_name: optString,
  credit_account_number: optString,
  credit_bank_name: optString,
  loan_nbfc_name: optString,
  total_loan_amount: optNumber,
  emi_amount: optNumber,
  loan_tenure: optNumber,
  interest_on_loan: optNumber,
  client_loan_sanction_date: optString,
  loan_end_date: optString,
  applicant_address: tolerantArray(addressSchema),
  defaults: tolerantArray(defaultSchema),
};

export const communicationSchema = z.looseObject({
  type_of_comm: optString,
  comm_dict: z.record(z.string(), z.unknown()).nullish().catch(undefined),
});

export const caseTrackingSchema = z.looseObject({
  case_type: optString,
  document_type: optString,
  data: z.record(z.string(), z.unknown()).nullish().catch(undefined),
});

export const remarkSchema = z.looseObject({
  remarks: optString,
  created: optString,
  author: optString,
});

const activityFields = {
  communication_details: tolerantArray(communicationSchema),
  case_tracking_details: tolerantArray(caseTrackingSchema),
  remarks: tolerantArray(remarkSchema),
};

/** Lending shape: `{ loan_details: {...}, communication_details, case_tracking_details, remarks }`. */
export const lendingLoanResponseSchema = z.looseObject({
  loan_details: z.looseObject(applicantFields),
  ...activityFields,
});
export type LendingLoanResponse = z.output<typeof lendingLoanResponseSchema>;

export const transactionSchema = z.looseObject({
  transaction_id: optString,
  data: z
    .looseObject({
      transaction_id: optString,
      total_loan_amount: optNumber,
      emi_amount: optNumber,
      loan_tenure: optNumber,
      loan_end_date: optString,
      client_loan_sanction_date: optString,
      interest_on_loan: optNumber,
      defaults: tolerantArray(defaultSchema),
    })
    .nullish()
    .catch(undefined),
});
export type RawTransaction = z.output<typeof transactionSchema>;

/** Credit-line shape: `{ output: { applicant_details, transactions_details, … }, message }`. */
export const creditLineLoanResponseSchema = z.looseObject({
  output: z.looseObject({
    applicant_details: z.looseObject(applicantFields),
    transactions_details: tolerantArray(transactionSchema),
    ...activityFields,
  }),
  message: optString,
});
export type CreditLineLoanResponse = z.output<typeof creditLineLoanResponseSchema>;

export type GetLoanResponse =
  | { shape: 'lending'; body: LendingLoanResponse }
  | { shape: 'credit_line'; body: CreditLineLoanResponse };

/** Tell the two Get Loan shapes apart and parse the right one; undefined when it is neither. */
export function parseGetLoanResponse(body: unknown): GetLoanResponse | undefined {
  if (body && typeof body === 'object' && 'loan_details' in body) {
    const parsed = lendingLoanResponseSchema.safeParse(body);
    return parsed.success ? { shape: 'lending', body: parsed.data } : undefined;
  }
  const parsed = creditLineLoanResponseSchema.safeParse(body);
  return parsed.success ? { shape: 'credit_line', body: parsed.data } : undefined;
}

/** Every write answers `{output: "...", message: "success"}` on success. */
export const writeResponseSchema = z.looseObject({
  output: z.unknown().optional(),
  message: optString,
});
export type WriteResponse = z.output<typeof writeResponseSchema>;

export interface UpdatePaymentBody {
  client_customer_id?: string;
  final_status: 'Partially Recovered' | 'Closed';
  amount_recovered: number;
  payment_method: string;
  date_of_default?: string;
  recovery_method?: string;
  closure_with?: string;
  payment_reference_number?: string;
  payment_mode?: string;
}

/** An Update Payment body read back from storage (an outbox entry to send again); other keys are kept as they were. */
export const updatePaymentBodySchema = z.looseObject({
  client_customer_id: z.string().optional(),
  final_status: z.enum(['Partially Recovered', 'Closed']),
  amount_recovered: z.number(),
  payment_method: z.string(),
  date_of_default: z.string().optional(),
  recovery_method: z.string().optional(),
  closure_with: z.string().optional(),
  payment_reference_number: z.string().optional(),
  payment_mode: z.string().optional(),
}) satisfies z.ZodType<UpdatePaymentBody>;
