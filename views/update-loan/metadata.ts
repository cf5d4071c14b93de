/**
 * What the Update loan modal keeps in its private_metadata, as zod schemas: ids, the form's kind and
 * transaction, and what it needs to tell a change (never the borrower's phone, email or street).
 */
import { z } from 'zod';
import { LOAN_UPDATE_FIELDS } from '../../src/domain/loan-update.ts';
import { idSchema as id, writeOriginSchema } from '../shared/metadata.ts';

const fieldKey = z.enum(LOAN_UPDATE_FIELDS);
/** The form's metadata, read back only through this schema (src/slack/metadata.ts). */
export const updateLoanFormSchema = writeOriginSchema.extend({
  kind: z.enum(['lending', 'credit_line']),
  applicantName: z.string().max(80).optional(),
  clientCustomerId: id.optional(),
  transactionId: id,
  original: z.object({
    kind: z.enum(['lending', 'credit_line']),
    values: z.partialRecord(fieldKey, z.string().max(60)),
    addressType: z.string().max(40).optional(),
    addressCount: z.number().int().min(0).max(1000),
    allocationMonth: z.string().max(20).optional(),
    hidden: z.partialRecord(fieldKey, z.object({ shown: z.string().max(60), digest: z.string().max(40) })).optional(),
  }),
});
export const updateLoanReviewSchema = z.object({
  form: updateLoanFormSchema,
  input: z.partialRecord(fieldKey, z.string().max(300).nullable().optional()),
});
