/**
 * What a lender client reports about each call it made, for /metrics: which lender, which operation,
 * how it ended and how long it took. Never a loan id or a body: only bounded, PII-free labels. Also the
 * frame every call runs in (timed, failures mapped by asLenderError and reported), and the reading of a
 * 2xx answer with its zod schema.
 */
import type { z } from 'zod';
import { asLenderError, type LenderCallContext } from './as-lender-error.ts';
import { LenderMalformedResponseError, type LenderError, type LenderName } from './errors.ts';

export interface LenderCall {
  lender: LenderName;
  /** `get_loan`, `update_payment`, `update_loan`, `get_token`, … */
  operation: string;
  /** The HTTP status (`200`, `400`, `503`), or `timeout`, `network`, `malformed` when there is none to tell. */
  status: string;
  seconds: number;
}

export type LenderCallObserver = (call: LenderCall) => void;

/** The `status` label of a failed call. A 2xx with an unreadable body is `malformed`, not `200`. */
export function failedCallStatus(error: LenderError): string {
  if (error.kind === 'malformed' || error.status === undefined) return error.kind;
  return String(error.status);
}

export interface ObservedCallOptions extends LenderCallContext {
  observe?: LenderCallObserver | undefined;
  /** Told about a failure (to log it), already a LenderError, with the call's duration. */
  onFailure(error: LenderError, ms: number): void;
}

/**
 * One lender call: timed, reported to `observe` however it ends, and any failure thrown as a LenderError.
 * `run` calls `answered(status)` as soon as the lender answered, so an unreadable 2xx is still counted.
 */
export async function observedCall<T>(options: ObservedCallOptions, run: (answered: (status: number) => void) => Promise<T>): Promise<T> {
  const started = performance.now();
  let status = 'network';
  try {
    return await run((answered) => {
      status = String(answered);
    });
  } catch (error) {
    const mapped = asLenderError(error, options);
    status = failedCallStatus(mapped);
    options.onFailure(mapped, Math.round(performance.now() - started));
    throw mapped;
  } finally {
    options.observe?.({ lender: options.lender, operation: options.operation, status, seconds: (performance.now() - started) / 1000 });
  }
}

/**
 * A 2xx answer's body read with its schema; anything else is a LenderMalformedResponseError. It keeps no
 * cause: a JSON.parse message quotes the body, which may hold a token or a borrower's details.
 */
export function readAnswer<S extends z.ZodType>(schema: S, text: string, where: { lender: LenderName; operation: string; status: number }): z.output<S> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new LenderMalformedResponseError(where);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new LenderMalformedResponseError(where);
  return parsed.data;
}
