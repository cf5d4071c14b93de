/**
 * The one way a modal's `private_metadata` is written and read. Slack stores it and hands it to the
 * person's client, and sends it back with every action and submission, so it is input like any other:
 * read through a zod schema, never cast. It holds ids and the little state a step needs, never a
 * borrower's data, and must stay under Slack's 3,000 characters (`views.update` fails beyond it).
 */
import { z } from 'zod';

export const METADATA_LIMIT = 3000;

export class MetadataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = this.constructor.name;
  }
}

export function writeMetadata(value: unknown): string {
  const text = JSON.stringify(value);
  if (text.length > METADATA_LIMIT) throw new MetadataError(`private_metadata would be ${text.length} characters (limit ${METADATA_LIMIT})`);
  return text;
}

/** The metadata parsed by `schema`, or a MetadataError when it is missing, not JSON, or not that shape. */
export function readMetadata<S extends z.ZodType>(raw: unknown, schema: S): z.output<S> {
  if (typeof raw !== 'string' || raw.length > METADATA_LIMIT) throw new MetadataError('private_metadata missing or too long');
  let json: unknown;
  try {
    json = JSON.parse(raw) as unknown;
  } catch {
    throw new MetadataError('private_metadata is not JSON');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new MetadataError(`private_metadata is not what this modal wrote: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`);
  return parsed.data;
}

const CHANNEL = z.union([
  z.object({ channelId: z.string() }).transform((m) => m.channelId),
  z.object({ form: z.object({ channelId: z.string() }) }).transform((m) => m.form.channelId),
]);

/** The channel a modal was started from, for the access checks; undefined when it does not say. */
export function metadataChannel(raw: unknown): string | undefined {
  try {
    return readMetadata(raw, CHANNEL);
  } catch {
    return undefined;
  }
}
