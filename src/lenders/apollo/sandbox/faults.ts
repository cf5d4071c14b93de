/**
 * Fault injection: answer a status or a raw body, wait before answering, or apply the update and only
 * then wait ("applied, then timed out"). The first matching fault wins; a fault with `times` removes
 * itself after that many matching requests.
 */
import { z } from 'zod';
import type { ApolloEndpoint, Fault } from './types.ts';

interface ActiveFault {
  fault: Fault;
  remaining: number | undefined;
}

function matches(fault: Fault, method: string, endpoint: ApolloEndpoint | 'other'): boolean {
  const match = fault.match;
  if (!match) return true;
  if (match.method !== undefined && match.method.toUpperCase() !== method.toUpperCase()) return false;
  if (match.path !== undefined && match.path !== endpoint) return false;
  return true;
}

/** Throws a TypeError for a fault that cannot work. */
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
  const path = fault.match?.path;
  if (path !== undefined && path !== 'token' && path !== 'update') {
    throw new TypeError(`Fault match.path must be 'token' or 'update', got ${String(path)}`);
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
  take(method: string, endpoint: ApolloEndpoint | 'other'): Fault | undefined {
    const index = this.active.findIndex((entry) => matches(entry.fault, method, endpoint));
    const entry = this.active[index];
    if (!entry) return undefined;
    if (entry.remaining !== undefined) {
      entry.remaining -= 1;
      if (entry.remaining <= 0) this.active.splice(index, 1);
    }
    return entry.fault;
  }

  describe(): unknown[] {
    return this.active.map(({ fault, remaining }) => ({ ...fault, remaining: remaining ?? null }));
  }
}

const httpFaultSchema = z.strictObject({
  match: z
    .strictObject({ path: z.enum(['token', 'update']).optional(), method: z.string().optional() })
    .optional(),
  status: z.int().min(100).max(599).optional(),
  body: z.union([z.string(), z.record(z.string(), z.unknown()), z.array(z.unknown())]).optional(),
  delayMs: z.number().min(0).optional(),
  applyThenDelayMs: z.number().min(0).optional(),
  times: z.int().min(1).optional(),
});

/** A Fault from the JSON of `POST /__sandbox/faults`. */
export function faultFromJson(body: unknown): { ok: true; fault: Fault } | { ok: false; message: string } {
  const parsed = httpFaultSchema.safeParse(body);
  if (parsed.success) return { ok: true, fault: parsed.data as Fault };
  const issue = parsed.error.issues[0];
  const where = issue?.path.map(String).join('.') ?? '';
  return { ok: false, message: `Invalid fault${where ? ` at ${where}` : ''}: ${issue?.message ?? 'unreadable'}` };
}

/** What a fault with a status but no body answers: Apollo-like bodies. */
export function faultBody(status: number, endpoint: ApolloEndpoint | 'other'): unknown {
  if (endpoint === 'token' && status === 401) return { error: 'invalid_client' };
  if (endpoint === 'token' && status === 400) return { error: 'invalid_request' };
  switch (status) {
    case 400:
      return { message: 'Invalid Request' };
    case 401:
      return { message: 'The incoming token has expired' };
    case 403:
      return { message: 'Forbidden' };
    case 404:
      return { message: 'No such loan exists' };
    case 429:
      return { message: 'Too Many Requests' };
    case 500:
      return { message: 'Internal server error' };
    case 502:
      return { message: 'Bad Gateway' };
    case 503:
      return { message: 'Service Unavailable' };
    case 504:
      return { message: 'Endpoint request timed out' };
    default:
      return { message: status >= 500 ? 'Internal server error' : `Request failed with status ${status}` };
  }
}
