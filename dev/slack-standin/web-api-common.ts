/**
 * Shared pieces of the Web API stand-in: result type, argument decoding and validation,
 * and the Block Kit gate every written message goes through.
 */
import { z } from 'zod';
import { checkMessage, messageErrorCode } from './block-kit-limits.ts';
import type { StandinState } from './state.ts';
import type { JsonObject } from './types.ts';

export type ApiResponse = { ok: boolean; error?: string } & JsonObject;
export type ApiHandler = (s: StandinState, args: JsonObject) => ApiResponse;

/** Arguments Slack expects as JSON strings inside form bodies. */
const JSON_ARGS = new Set(['blocks', 'attachments', 'view', 'metadata']);

export type DecodedArgs = { ok: true; args: JsonObject } | { ok: false; error: string };

/** Form (`a=1&blocks=[...]`) or JSON body → arguments, with nested JSON decoded. */
export function decodeApiArgs(contentType: string, raw: string): DecodedArgs {
  const args: JsonObject = {};
  if (contentType.startsWith('application/json')) {
    try {
      const parsed: unknown = raw === '' ? {} : JSON.parse(raw);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { ok: false, error: 'invalid_json' };
      Object.assign(args, parsed);
    } catch {
      return { ok: false, error: 'invalid_json' };
    }
  } else {
    for (const [k, v] of new URLSearchParams(raw)) args[k] = v;
  }
  for (const key of JSON_ARGS) {
    const v = args[key];
    if (typeof v !== 'string') continue;
    try {
      args[key] = JSON.parse(v);
    } catch {
      return { ok: false, error: key === 'blocks' ? 'invalid_blocks_format' : key === 'view' ? 'invalid_arguments' : 'invalid_json' };
    }
  }
  return { ok: true, args };
}

export function fail(error: string, extra: JsonObject = {}): ApiResponse {
  return { ok: false, error, ...extra };
}

/** Runs a zod schema over the args; Slack's `invalid_arguments` on failure. */
export function parseArgs<T extends z.ZodType>(schema: T, args: JsonObject): { ok: true; data: z.infer<T> } | { ok: false; res: ApiResponse } {
  const r = schema.safeParse(args);
  if (r.success) return { ok: true, data: r.data };
  const messages = r.error.issues.map((i) => `[ERROR] ${i.path.join('.') || 'args'}: ${i.message}`);
  return { ok: false, res: fail('invalid_arguments', { response_metadata: { messages } }) };
}

export const tsArg = z.union([z.string(), z.number()]).transform(String);
export const nonEmpty = z.string().min(1);

/** Checks a message against Block Kit limits; on problems records a violation and returns Slack's error. */
export function rejectBadMessage(s: StandinState, method: string, msg: { text?: unknown; blocks?: unknown; attachments?: unknown }): ApiResponse | undefined {
  const problems = checkMessage(msg);
  if (problems.length === 0) return undefined;
  s.recordViolation(method, problems);
  return fail(messageErrorCode(problems), { errors: problems, response_metadata: { messages: problems.map((p) => `[ERROR] ${p}`) } });
}

