/**
 * What a failed attempt tells us about the lender's side: definitely not applied (the lender refused it,
 * or it never reached the lender), or may have been applied (it got that far and then we lost sight of it).
 */
import { type LenderError, LenderMalformedResponseError, LenderNetworkError, LenderRateLimitedError } from '../lenders/errors.ts';

/** Connection errors that mean the request never left this machine or never reached a listening lender. */
const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

function codeOf(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

/** The attempt may have been applied by the lender: a timeout, a 5xx, a dropped connection, an unreadable 2xx. */
export function mayHaveBeenApplied(error: LenderError): boolean {
  if (error instanceof LenderMalformedResponseError) return true; // 2xx: it was very likely applied
  if (error instanceof LenderRateLimitedError) return false; // 429: refused before any work
  if (error instanceof LenderNetworkError) {
    const code = codeOf(error.cause);
    return code === undefined || !NEVER_SENT.has(code);
  }
  return error.retryable; // timeouts, 5xx and gateway errors; a 4xx is a refusal
}

/** Trying again may help: transient failures, and an unreadable 2xx (reconciliation will tell). */
export function worthRetrying(error: LenderError): boolean {
  return error.retryable || error instanceof LenderMalformedResponseError;
}
