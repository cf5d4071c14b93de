/**
 * The one way anything a lender call threw becomes a LenderError, for both clients (and the worker, for
 * whatever a send threw that is not one already).
 *
 * The `cause` kept on a LenderError is a plain Error with got's name, code and message only: got's own
 * error carries the request options, and with them the Credgenics token, Apollo's Basic credentials, the
 * Bearer token and the x-api-key. The code is what src/worker/attempt-outcome.ts reads (ECONNREFUSED: the
 * request never left).
 */
import { CancelError, HTTPError, RequestError, TimeoutError } from 'got';
import {
  LenderError,
  LenderNetworkError,
  LenderResponseTooLargeError,
  LenderTimeoutError,
  LenderUnauthorizedError,
  extractLenderMessage,
  lenderErrorFromStatus,
  parseRetryAfter,
  type LenderName,
} from './errors.ts';
import { MAX_LENDER_RESPONSE_BYTES } from './response-size.ts';

export interface LenderCallContext {
  lender: LenderName;
  /** `get_loan`, `update_payment`, `get_token`, … */
  operation: string;
  /** The request timeout, for a timeout's message (0 when unknown). */
  timeoutMs?: number;
  /** The response-size cap the call ran with (default MAX_LENDER_RESPONSE_BYTES). */
  maxBytes?: number;
  /** Clock for an HTTP-date Retry-After; default Date.now. */
  now?: () => number;
}

function safeCause(error: unknown): Error {
  const cause = new Error(error instanceof Error ? error.message : String(error));
  if (error instanceof Error) cause.name = error.name;
  const code = error instanceof RequestError ? error.code : (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') Object.assign(cause, { code });
  return cause;
}

export function asLenderError(error: unknown, context: LenderCallContext): LenderError {
  if (error instanceof LenderError) return error;
  const { lender, operation } = context;
  const cause = safeCause(error);
  // Only limitResponseSize (src/lenders/response-size.ts) cancels a request.
  if (error instanceof CancelError) {
    return new LenderResponseTooLargeError({ lender, operation, limitBytes: context.maxBytes ?? MAX_LENDER_RESPONSE_BYTES, cause });
  }
  if (error instanceof HTTPError) {
    const { statusCode: status, body, headers } = error.response;
    // A token endpoint refusing us, with 401 or 403, means the client id/secret were refused.
    if (operation === 'get_token' && status === 403) {
      return new LenderUnauthorizedError({ lender, operation, status, lenderMessage: extractLenderMessage(body), cause });
    }
    const retryAfterMs = parseRetryAfter(headers['retry-after'], (context.now ?? Date.now)());
    return lenderErrorFromStatus(lender, operation, status, body, cause, retryAfterMs);
  }
  if (error instanceof TimeoutError) return new LenderTimeoutError({ lender, operation, timeoutMs: context.timeoutMs ?? 0, cause });
  return new LenderNetworkError({ lender, operation, cause });
}
