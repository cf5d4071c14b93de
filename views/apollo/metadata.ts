/**
 * What the Update in Apollo modal keeps in its private_metadata, as zod schemas (read back only through
 * src/slack/metadata.ts): ids, where the form was pre-filled from, and what was typed, for the review.
 */
import { z } from 'zod';
import { writeOriginSchema } from '../shared/metadata.ts';
import { APOLLO_FIELDS } from './modal.ts';

export const apolloOriginSchema = writeOriginSchema.extend({ prefilledFrom: z.string().max(100).optional() });

export const apolloReviewSchema = z.object({
  form: apolloOriginSchema,
  input: z.partialRecord(z.enum(APOLLO_FIELDS), z.string().max(100)),
});
