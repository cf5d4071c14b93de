/**
 * What the Record payment modal keeps in its private_metadata, as zod schemas: read back only through
 * src/slack/metadata.ts. Ids, a clipped name for the heading, the months offered, and the draft being reviewed.
 */
import { z } from 'zod';
import { idSchema as id, writeOriginSchema } from '../shared/metadata.ts';
import { CLOSURE_WITH, FINAL_STATUSES, PAYMENT_METHODS, RECOVERY_METHODS, type PaymentDraft } from '../../src/domain/payment.ts';

const short = (max: number) => z.string().max(max).optional();

export const paymentOriginSchema = writeOriginSchema.extend({ responseUrl: z.url().max(500).optional() });

export const paymentFormSchema = paymentOriginSchema.extend({
  kind: z.enum(['lending', 'credit_line']),
  applicantName: short(80),
  clientCustomerId: short(64),
  allocationMonths: z.array(z.string().max(20)).max(24),
  initialAllocationMonth: short(20),
  dateOfDefault: short(10),
});

export const paymentDraftSchema = z.object({
  loanId: id,
  kind: z.enum(['lending', 'credit_line']),
  amount: z.number().finite().positive(),
  finalStatus: z.enum(FINAL_STATUSES),
  paymentMethod: z.enum(PAYMENT_METHODS),
  dateOfDefault: short(10),
  allocationMonth: z.string().max(20),
  recoveryMethod: z.enum(RECOVERY_METHODS).optional(),
  closureWith: z.enum(CLOSURE_WITH).optional(),
  reference: short(100),
  paymentMode: short(100),
  clientCustomerId: short(64),
}).transform((draft): PaymentDraft => ({
  // JSON leaves out undefined keys; the draft names every one.
  dateOfDefault: undefined, recoveryMethod: undefined, closureWith: undefined, reference: undefined, paymentMode: undefined, clientCustomerId: undefined,
  ...draft,
}));

export const paymentReviewSchema = z.object({
  form: paymentFormSchema,
  draft: paymentDraftSchema,
  duplicateOf: z.object({ at: z.string().max(40), by: z.string().max(40) }).optional(),
});
