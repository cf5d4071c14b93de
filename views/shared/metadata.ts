/**
 * The pieces every surface's metadata schema is built from (each feature's `metadata.ts` holds its own,
 * read back only through `readMetadata` in src/slack/metadata.ts).
 */
import { z } from 'zod';

export const idSchema = z.string().min(1).max(64);
export const tsSchema = z.string().max(32).optional();

/** Edit & retry: what a form's metadata carries of the write it replaces: an outbox write id, nothing else. */
export const replacesSchema = z.string().regex(/^w_[a-z0-9]{1,40}$/).optional();
