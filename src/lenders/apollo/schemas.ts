/**
 * zod schemas for what Apollo sends back (token, update answer), and for an update body read back
 * from storage (e.g. an outbox entry being retried), parsed once at the edge.
 */
import { z } from 'zod';
import type { ApolloUpdateBody } from '../../domain/apollo-rules.ts';

export type { ApolloUpdateBody } from '../../domain/apollo-rules.ts';

/** OAuth2 client-credentials answer: `{access_token, token_type, expires_in?}` (expires_in in seconds). */
export const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string().min(1),
  expires_in: z.coerce.number().positive().optional(),
});

export type TokenResponse = z.infer<typeof tokenResponseSchema>;

/** Every documented answer of the Loan Update API is `{ "message": "..." }`. */
export const updateResponseSchema = z.object({ message: z.string() });

export type UpdateResponse = z.infer<typeof updateResponseSchema>;

const dmy = z.string().regex(/^\d{2}\/\d{2}\/\d{4}$/);
const digits = z.string().regex(/^\d+(\.\d{1,2})?$/);

const emiInformation = z.strictObject({ disbursement_date: dmy, first_emi_date: dmy });

/** The documented request body (the four samples of the docs), strict: no other keys. */
export const apolloUpdateBodySchema: z.ZodType<ApolloUpdateBody, ApolloUpdateBody> = z.discriminatedUnion('loan_type', [
  z.strictObject({
    partner_tag: z.string().min(1),
    loan_type: z.enum(['PL', 'CL', 'CL_2']),
    loan_information: emiInformation,
  }),
  z.strictObject({
    partner_tag: z.string().min(1),
    loan_type: z.literal('ML'),
    loan_information: emiInformation.extend({
      loan_tenure_in_days: z.string().regex(/^[1-9]\d*$/),
      partner_computed_emi_amount: digits.optional(),
      partner_computed_interest_amount: digits.optional(),
    }),
  }),
  z.strictObject({
    partner_tag: z.string().min(1),
    loan_type: z.literal('EDI'),
    loan_information: z.strictObject({ disbursement_date: dmy, first_installment_date: dmy }),
  }),
]);

/** A stored update body back as an ApolloUpdateBody, or undefined when it is not one. */
export function parseApolloUpdateBody(value: unknown): ApolloUpdateBody | undefined {
  const parsed = apolloUpdateBodySchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
