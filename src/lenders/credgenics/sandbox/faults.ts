/**
 * Fault injection: make the sandbox answer a status or a raw body, wait before answering,
 * or apply a write and only then wait ("applied, then timed out"). The first matching fault
 * wins; a fault with `times` removes itself after that many matching requests.
 */
import { z } from 'zod';
import type { Fault } from './types.ts';
import type { Checked } from './validation.ts';

interface ActiveFault {
  fault: Fault;
  remaining: number | undefined;
}

function pathMatches(pattern: string | RegExp, path: string, search: string): boolean {
  if (typeof pattern === 'string') return pattern === path || pattern === path + search;
  pattern.lastIndex = 0;
  if (pattern.test(path)) return true;
  pattern.lastIndex = 0;
  return search !== '' && pattern.test(path + search);
}

function matches(fault: Fault, method: string, path: string, search: string): boolean {
  const match = fault.match;
  if (!match) return true;
  if (match.method !== undefined && match.method.toUpperCase() !== method.toUpperCase()) return false;
  if (match.path !== undefined && !pathMatches(match.path, path, search)) return false;
  return true;
}

/** Throws a TypeError for a fault that cannot work (bad status, negative delay, times < 1). */
export function assertValidFault(fault: Fault): void {
  const { status, delayMs, applyThenDelayMs, times } = fault;
  if (status !== undefined && !(Number.isInteger(status) && status >= 100 && status <= 599)) {
    throw new TypeError(`Fault status must be an integer HTTP status (100-599), got ${String(status)}`);
  }
  for (const [name, value] of [['delayMs', delayMs], ['applyThenDelayMs', applyThenDelayMs]] as const) {
    if (value !== undefined && !(Number.isFinite(value) && value >= 0)) {
      throw new TypeError(`Fault ${name} must be a number >= 0, got ${String(value)}`);
    }
  }
  if (times !== undefined && !(Number.isInteger(times) && times >= 1)) {
    throw new TypeError(`Fault times must be an integer >= 1, got ${String(times)}`);
  }
}

export class FaultBook {
  private active: ActiveFault[] = [];

  set(fault: Fault | null): void {
    if (fault) assertValidFault(fault);
    this.active = fault ? [{ fault, remaining: fault.times }] : [];
  }

  add(fault: Fault): void {
    assertValidFault(fault);
    this.active.push({ fault, remaining: fault.times });
  }

  clear(): void {
    this.active = [];
  }

  /** The fault for this request, if any; counts it against the fault's `times`. */
  take(method: string, path: string, search: string): Fault | undefined {
    const index = this.active.findIndex((entry) => matches(entry.fault, method, path, search));
    const entry = this.active[index];
    if (!entry) return undefined;
    if (entry.remaining !== undefined) {
      entry.remaining -= 1;
      if (entry.remaining <= 0) this.active.splice(index, 1);
    }
    return entry.fault;
  }

  /** The active faults as JSON (RegExp paths as their source, remaining counts included). */
  describe(): unknown[] {
    return this.active.map(({ fault, remaining }) => {
      const path = fault.match?.path;
      const match = fault.match && {
        ...fault.match,
        path: path instanceof RegExp ? undefined : path,
        pathPattern: path instanceof RegExp ? path.source : undefined,
      };
      return { ...fault, match, remaining: remaining ?? null };
    });
  }
}

const httpFaultSchema = z.strictObject({
  match: z
    .strictObject({
      method: z.string().optional(),
      /** Exact path, with or without the query string. */
      path: z.string().optional(),
      /** A regular expression source tested against the path (the HTTP form of a RegExp). */
      pathPattern: z.string().optional(),
    })
    .optional(),
  status: z.int().min(100).max(599).optional(),
  body: z.union([z.string(), z.record(z.string(), z.unknown()), z.array(z.unknown())]).optional(),
  delayMs: z.number().min(0).optional(),
  applyThenDelayMs: z.number().min(0).optional(),
  times: z.int().min(1).optional(),
});

/** A Fault from the JSON of `POST /__sandbox/faults` (`match.path` a string, `match.pathPattern` a regex source). */
export function faultFromJson(body: unknown): Checked<Fault> {
  const parsed = httpFaultSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.map(String).join('.') ?? '';
    return { ok: false, message: `Invalid fault${where ? ` at ${where}` : ''}: ${issue?.message ?? 'unreadable'}` };
  }
  const { match, ...rest } = parsed.data;
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
