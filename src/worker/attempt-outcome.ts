/**
 * The one place a failed attempt's lender error becomes its fate (src/domain/attempt-fate.ts): refused,
 * never sent, finished with its fate unknown, or maybe still on its way to the lender.
 */
import type { AttemptFate } from '../domain/attempt-fate.ts';
import type { LenderError } from '../lenders/errors.ts';

/** Connection errors that mean the request never left this machine or never reached a listening lender. */
const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

function codeOf(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

export function fateOf(error: LenderError): AttemptFate {
  switch (error.kind) {
    case 'bad_request':
    case 'unauthorized':
    case 'forbidden':
    case 'not_found':
    case 'conflict':
      return 'refused';
    case 'rate_limited':
      // 429: Credgenics' docs say nothing of when it counts a request, and a gateway in front of it may
      // apply a request and still answer 429 (seen: a payment applied twice after "429 Retry-After: 1").
      // So it is not "certainly not applied": the request is over, its fate unknown; checked before resending.
      return 'finished';
    case 'server':
      return 'finished'; // the lender's own 500/501 (and other 5xx of its own): it answered; nothing is travelling
    case 'gateway':
      // 503 is a finished answer: from the lender itself (overloaded, in maintenance, with Retry-After), or from a
      // gateway that did not forward the request (AWS ALB: no healthy target; nginx: limit_req). 502 and 504
      // come from a gateway that did forward it and lost the answer (upstream closed, upstream too slow): the
      // lender may still be working on it, so the request may be on its way. Ambiguous for 502 (an upstream that
      // crashed mid-request applied nothing, one that answered garbage may have applied it): waiting is the
      // side that never records a payment twice.
      return error.status === 503 ? 'finished' : 'on_its_way';
    case 'timeout':
      return 'on_its_way'; // loanbot stopped waiting; the request may sit in a queue and be applied later
    case 'network': {
      const code = codeOf(error.cause);
      // A reset or hang-up after the request went out (ECONNRESET, EPIPE, socket hang up): it may be on its way.
      return code !== undefined && NEVER_SENT.has(code) ? 'not_sent' : 'on_its_way';
    }
    case 'malformed':
    case 'wrong_record':
    case 'too_large':
      return 'finished'; // it answered (2xx, very likely applied) with a body loanbot cannot use
  }
}
