/**
 * Fault injection for the sandboxes: make a sandbox answer a status or a raw body, wait before
 * answering, or apply a write and only then wait ("applied, then timed out"). The first matching
 * fault wins; a fault with `times` removes itself after that many matching requests.
 *
 * What `match.path` means is up to each sandbox: it gives the FaultBook a PathMatcher (and may
 * refuse paths it does not know), and the schema of its `match` for `POST /__sandbox/faults`.
 */
import { z } from 'zod';
import type { Answer, Checked, Fault, SandboxRequest } from './types.ts';

/** Whether a fault's `match.path` selects this request. */
export type PathMatcher<P> = (pattern: P, request: SandboxRequest) => boolean;

/** Throws a TypeError for a `match.path` the sandbox does not accept. */
export type PathCheck<P> = (path: P) => void;

interface ActiveFault<P> {
  fault: Fault<P>;
  remaining: number | undefined;
}

/** Throws a TypeError for a fault that cannot work (bad status, negative delay, times < 1, a refused path). */
export function assertValidFault<P>(fault: Fault<P>, checkPath?: PathCheck<P>): void {
  const { status, delayMs, applyThenDelayMs, applyLateMs, applyAfterAnswerMs, times } = fault;
  if (status !== undefined && !(Number.isInteger(status) && status >= 100 && status <= 599)) {
    throw new TypeError(`Fault status must be an integer HTTP status (100-599), got ${String(status)}`);
  }
  for (const [name, value] of [['delayMs', delayMs], ['applyThenDelayMs', applyThenDelayMs], ['applyLateMs', applyLateMs], ['applyAfterAnswerMs', applyAfterAnswerMs]] as const) {
    if (value !== undefined && !(Number.isFinite(value) && value >= 0)) {
      throw new TypeError(`Fault ${name} must be a number >= 0, got ${String(value)}`);
    }
  }
  if (applyAfterAnswerMs !== undefined && status === undefined) throw new TypeError('Fault applyAfterAnswerMs needs a status to answer first');
  if (times !== undefined && !(Number.isInteger(times) && times >= 1)) {
    throw new TypeError(`Fault times must be an integer >= 1, got ${String(times)}`);
  }
  const path = fault.match?.path;
  if (path !== undefined) checkPath?.(path);
}

export class FaultBook<P> {
  private active: ActiveFault<P>[] = [];

  constructor(
    private readonly pathMatches: PathMatcher<P>,
    private readonly checkPath?: PathCheck<P>,
  ) {}

  set(fault: Fault<P> | null): void {
    if (fault) assertValidFault(fault, this.checkPath);
    this.active = fault ? [{ fault, remaining: fault.times }] : [];
  }

  add(fault: Fault<P>): void {
    assertValidFault(fault, this.checkPath);
    this.active.push({ fault, remaining: fault.times });
  }

  clear(): void {
    this.active = [];
  }

  /** The fault for this request, if any; counts it against the fault's `times`. */
  take(request: SandboxRequest): Fault<P> | undefined {
    const index = this.active.findIndex((entry) => this.matches(entry.fault, request));
    const entry = this.active[index];
    if (!entry) return undefined;
    if (entry.remaining !== undefined) {
      entry.remaining -= 1;
      if (entry.remaining <= 0) this.active.splice(index, 1);
    }
    return entry.fault;
  }

  /** The active faults as JSON (RegExp paths as their source in `pathPattern`, remaining counts included). */
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

  private matches(fault: Fault<P>, request: SandboxRequest): boolean {
    const match = fault.match;
    if (!match) return true;
    if (match.method !== undefined && match.method.toUpperCase() !== request.method.toUpperCase()) return false;
    if (match.path !== undefined && !this.pathMatches(match.path, request)) return false;
    return true;
  }
}

/** The answer a fault replaces the real one with, if it does: its status (default 200), its body or `bodyFor(status)`. */
export function faultAnswer<P>(fault: Fault<P> | undefined, bodyFor: (status: number) => unknown): Answer | undefined {
  if (!fault || (fault.status === undefined && fault.body === undefined)) return undefined;
  const status = fault.status ?? 200;
  return { status, body: fault.body ?? bodyFor(status), ...(fault.headers ? { headers: fault.headers } : {}) };
}

/** A lender-like error body for a status: a copy of the table's entry, or `fallback(status)`. */
export function statusBody(
  status: number,
  table: Readonly<Record<number, object>>,
  fallback: (status: number) => object,
): object {
  const entry = table[status];
  return entry ? { ...entry } : fallback(status);
}

/** The JSON form of a fault for `POST /__sandbox/faults`, with the sandbox's own schema of `match`. */
export function faultJsonSchema<M extends z.ZodType>(match: M) {
  return z.strictObject({
    match: match.optional(),
    status: z.int().min(100).max(599).optional(),
    body: z.union([z.string(), z.record(z.string(), z.unknown()), z.array(z.unknown())]).optional(),
    headers: z.record(z.string().regex(/^[a-z0-9-]+$/), z.string()).optional(),
    delayMs: z.number().min(0).optional(),
    applyThenDelayMs: z.number().min(0).optional(),
    applyLateMs: z.number().min(0).optional(),
    applyAfterAnswerMs: z.number().min(0).optional(),
    hangUp: z.enum(['unapplied', 'applied']).optional(),
    times: z.int().min(1).optional(),
  });
}

/** Parse fault JSON; the first problem becomes the message ("Invalid fault at status: Too small: …"). */
export function parseFaultJson<T>(schema: z.ZodType<T>, body: unknown): Checked<T> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue?.path.map(String).join('.') ?? '';
  return { ok: false, message: `Invalid fault${where ? ` at ${where}` : ''}: ${issue?.message ?? 'unreadable'}` };
}
