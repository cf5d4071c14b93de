/**
 * What a fault's `match.path` means for the Credgenics sandbox: a string equals the request path
 * (with or without its query string); a RegExp is tested against the path, then the path with its
 * query string. Over HTTP a RegExp travels as `match.pathPattern` (its source).
 * The fault mechanics themselves are in kit/faults.ts.
 */
import { z } from 'zod';
import { faultJsonSchema, parseFaultJson } from '../kit/faults.ts';
import type { Checked, SandboxRequest } from '../kit/types.ts';
import type { Fault } from './types.ts';

export function pathMatches(pattern: string | RegExp, { path, search }: SandboxRequest): boolean {
  if (typeof pattern === 'string') return pattern === path || pattern === path + search;
  pattern.lastIndex = 0;
  if (pattern.test(path)) return true;
  pattern.lastIndex = 0;
  return search !== '' && pattern.test(path + search);
}

const httpFaultSchema = faultJsonSchema(
  z.strictObject({
    method: z.string().optional(),
    /** Exact path, with or without the query string. */
    path: z.string().optional(),
    /** A regular expression source tested against the path (the HTTP form of a RegExp). */
    pathPattern: z.string().optional(),
  }),
);

/** A Fault from the JSON of `POST /__sandbox/faults` (`match.path` a string, `match.pathPattern` a regex source). */
export function faultFromJson(body: unknown): Checked<Fault> {
  const parsed = parseFaultJson(httpFaultSchema, body);
  if (!parsed.ok) return parsed;
  const { match, ...rest } = parsed.value;
  const fault: Fault = { ...rest };
  if (match) {
    if (match.path !== undefined && match.pathPattern !== undefined) {
      return { ok: false, message: 'Invalid fault: give match.path or match.pathPattern, not both' };
    }
    let path: string | RegExp | undefined = match.path;
    if (match.pathPattern !== undefined) {
      try {
        path = new RegExp(match.pathPattern);
      } catch {
        return { ok: false, message: `Invalid fault: match.pathPattern is not a valid regular expression` };
      }
    }
    fault.match = {};
    if (match.method !== undefined) fault.match.method = match.method;
    if (path !== undefined) fault.match.path = path;
  }
  return { ok: true, value: fault };
}
