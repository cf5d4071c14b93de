/**
 * The pieces every surface's metadata schema is built from (each feature's `metadata.ts` holds its own,
 * read back only through `readMetadata` in src/slack/metadata.ts).
 */
import { z } from 'zod';

export const idSchema = z.string().min(1).max(64);
export const tsSchema = z.string().max(32).optional();

/** Edit & retry: what a form's metadata carries of the write it replaces: an outbox write id, nothing else. */
export const replacesSchema = z.string().regex(/^w_[a-z0-9]{1,40}$/).optional();

/**
 * Where a write form was started, which every step of it carries: the loan, the channel, the summary's
 * thread and message, and on an Edit & retry the write it replaces (checked against the store before it
 * is dismissed).
 */
export const writeOriginSchema = z.object({ loanId: idSchema, channelId: idSchema, threadTs: tsSchema, sourceTs: tsSchema, replaces: replacesSchema });
