/**
 * What the Add loan modal keeps in its private_metadata, as a zod schema (read back only through
 * src/slack/metadata.ts): the kind, what was typed (packed, without keys), page 1's view id on page 2.
 */
import { z } from 'zod';
import { idSchema, replacesSchema } from '../shared/metadata.ts';

export const addLoanStateSchema = z.object({
  channelId: idSchema,
  kind: z.enum(['lending', 'credit_line']),
  v: z.array(z.string().max(500)).max(100),
  rootViewId: z.string().max(64).optional(),
  replaces: replacesSchema,
});
