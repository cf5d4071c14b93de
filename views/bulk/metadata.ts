/**
 * What the Bulk payments modal keeps in its private_metadata, as zod schemas (read back only through
 * src/slack/metadata.ts): the channel, and on the review the batch id (its rows live in the store).
 */
import { z } from 'zod';
import { idSchema } from '../shared/metadata.ts';

export const bulkFormSchema = z.object({ channelId: idSchema });
export const bulkReviewSchema = z.object({ channelId: idSchema, batchId: z.string().regex(/^b_[a-z2-7]{12}$/) });
