/**
 * Request validation with the messages the sandbox answers in 400s. Each message names the
 * field ("applicant_address[0].applicant_pincode must be an integer"); the first problem wins.
 */
import { z } from 'zod';
import type { Checked } from '../kit/types.ts';
import { ALLOCATION_MONTH_PATTERN } from './clock.ts';
import type { JsonObject } from './model.ts';
import { addLoanSchema, choice, date, num, str, updateLoanSchema } from './validation-fields.ts';

export type { Checked };

export const FINAL_STATUSES = ['Partially Recovered', 'Closed'] as const;
export const PAYMENT_METHODS = ['Cash', 'Online', 'Cheque', 'Application', 'Bank Account Transfer', 'Payment Link'] as const;
export const RECOVERY_METHODS = ['Communications', 'Field Collection', 'Legal'] as const;
export const CLOSURE_WITH = ['NOC', 'Settlement'] as const;

const paymentSchema = z.strictObject({
  client_customer_id: str().optional(),
  final_status: choice(FINAL_STATUSES),
  // Not in the docs' table, but both samples send it: required, and it must be positive.
  amount_recovered: num().positive({ error: 'must be a number greater than 0' }),
  payment_method: choice(PAYMENT_METHODS),
  date_of_default: date().optional(),
  recovery_method: choice(RECOVERY_METHODS).optional(),
  closure_with: choice(CLOSURE_WITH).optional(),
  payment_reference_number: str().optional(),
  payment_mode: str().optional(),
});

export type PaymentInput = z.infer<typeof paymentSchema>;
export type AddLoanInput = z.infer<typeof addLoanSchema>;
export type UpdateLoanInput = z.infer<typeof updateLoanSchema>;

/** "applicant_address[0].applicant_pincode" */
function pathText(path: readonly PropertyKey[]): string {
  let text = '';
  for (const part of path) {
    if (typeof part === 'number') text += `[${part}]`;
    else text += text ? `.${String(part)}` : String(part);
  }
  return text;
}

function issueMessage(issue: z.core.$ZodIssue): string {
  const where = pathText(issue.path);
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '?';
    return `${where ? `${where}.` : ''}${key} is not a valid field`;
  }
  return where ? `${where} ${issue.message}` : issue.message;
}

function check<T>(schema: z.ZodType<T>, body: unknown): Checked<T> {
  const result = schema.safeParse(body);
  if (result.success) return { ok: true, value: result.data };
  const first = result.error.issues[0];
  return { ok: false, message: first ? issueMessage(first) : 'Invalid request body' };
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The body must be a JSON object; the message says what arrived instead. */
export function requireObject(body: unknown): Checked<JsonObject> {
  if (isJsonObject(body)) return { ok: true, value: body };
  if (body === null || body === undefined) return { ok: false, message: 'Request body is required (a JSON object)' };
  if (typeof body === 'string') return { ok: false, message: 'Request body is not valid JSON' };
  return { ok: false, message: 'Request body must be a JSON object' };
}

export function checkAddLoan(body: JsonObject, pathLoanId: string): Checked<AddLoanInput> {
  const checked = check(addLoanSchema, body);
  if (!checked.ok) return checked;
  if (checked.value.loan_id !== pathLoanId) {
    return {
      ok: false,
      message: `loan_id in the body (${checked.value.loan_id}) does not match loan_id in the path (${pathLoanId})`,
    };
  }
  return checked;
}

export function checkUpdateLoan(body: JsonObject, pathLoanId: string): Checked<UpdateLoanInput> {
  const checked = check(updateLoanSchema, body);
  if (!checked.ok) return checked;
  const { loan_id: loanId, client_customer_id: customerId } = checked.value;
  if (loanId !== undefined && loanId !== pathLoanId) {
    return { ok: false, message: `loan_id cannot be changed (body has ${loanId}, path has ${pathLoanId})` };
  }
  if (customerId !== undefined) return { ok: false, message: 'client_customer_id cannot be updated' };
  return checked;
}

/** The `allocation_month` query parameter of Update Payment: "2021-2-01", never "2021-02-01". */
export function checkAllocationMonth(value: string | undefined): Checked<string> {
  if (value === undefined || value === '') {
    return { ok: false, message: 'allocation_month query parameter is required (e.g. 2021-2-01)' };
  }
  if (!ALLOCATION_MONTH_PATTERN.test(value)) {
    return {
      ok: false,
      message: `allocation_month must look like 2021-2-01: month without a leading zero and day always 01 (got ${value})`,
    };
  }
  return { ok: true, value };
}

export function checkPayment(body: JsonObject): Checked<PaymentInput> {
  const checked = check(paymentSchema, body);
  if (!checked.ok) return checked;
  if (checked.value.final_status === 'Partially Recovered' && checked.value.date_of_default === undefined) {
    return { ok: false, message: 'date_of_default is required when final_status is Partially Recovered' };
  }
  return checked;
}
