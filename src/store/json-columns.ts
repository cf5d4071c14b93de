/**
 * JSON kept in text columns (a write's request and result, its alerts, a bulk row's draft, the pacing
 * window): written by one function each way, read back only through a zod schema. Reading is lenient —
 * text that is not JSON, or not of the schema, reads as undefined — so one damaged row never breaks a
 * listing; what a reader does with "unreadable" is its own business (the worker fails that write for a
 * person). And the column naming: snake_case columns → the camelCase fields of the store's types.
 */
import { z } from 'zod';
import { REQUEST_FORMAT_VERSION } from './write-kinds.ts';

/** A column's text parsed as JSON (any JSON value). */
const jsonText = z.string().transform((text, ctx): unknown => {
  try {
    const value: unknown = JSON.parse(text);
    return value;
  } catch {
    ctx.addIssue({ code: 'custom', message: 'not JSON' });
    return z.NEVER;
  }
});

/** The JSON in a text column, read with `schema`; undefined when it is missing, not JSON, or not of the schema. */
export function readJsonColumn<S extends z.ZodType>(schema: S, value: unknown): z.output<S> | undefined {
  const parsed = jsonText.pipe(schema).safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/** Any JSON value, for columns whose shape is the caller's (a request, a lender's answer, a draft). */
export const anyJson = z.json();

/** JSON text for a value the caller hands us; refuses what JSON cannot represent. */
export function toJsonText(value: unknown, what: string): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch (error) {
    throw new TypeError(`store: ${what} is not JSON-serialisable (${(error as Error).message})`, { cause: error });
  }
  if (json === undefined) throw new TypeError(`store: ${what} is not JSON-serialisable`);
  return json;
}

/** A write's request as stored: an object without a `v` gets `v: REQUEST_FORMAT_VERSION` (see types.ts). */
export function toRequestText(request: unknown): string {
  const plain = typeof request === 'object' && request !== null && !Array.isArray(request);
  return toJsonText(plain && !('v' in request) ? { v: REQUEST_FORMAT_VERSION, ...request } : request, 'request');
}

/** `lease_expires_at` → `leaseExpiresAt`. */
type Camel<S extends string> = S extends `${infer Head}_${infer Tail}` ? `${Head}${Capitalize<Camel<Tail>>}` : S;
export type Camelized<T> = { [K in keyof T as K extends string ? Camel<K> : K]: T[K] };

function camel(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());
}

/**
 * A parsed row with its columns' names in camelCase. The one assertion here is the name mapping (the
 * values were checked by the row's schema): TypeScript cannot follow Object.fromEntries key by key.
 */
export function camelized<T extends Record<string, unknown>>(row: T): Camelized<T> {
  return Object.fromEntries(Object.entries(row).map(([key, value]) => [camel(key), value])) as Camelized<T>;
}

/** A database row read with its schema, camelCased; a row that does not fit is a sign of tampering, so it throws. */
export function readRow<S extends z.ZodType<Record<string, unknown>>>(schema: S, row: unknown, what: string): Camelized<z.output<S>> {
  const parsed = schema.safeParse(row);
  if (!parsed.success) throw new Error(`store: unreadable ${what} row: ${z.prettifyError(parsed.error)}`);
  return camelized(parsed.data);
}
