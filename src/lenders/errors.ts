/**
 * The one error family for every lender (Credgenics, Apollo).
 *
 * Shaped after stripe-node's errors: a base class carrying the lender, the operation,
 * the HTTP status, the lender's own message and whether trying again can help, and one
 * factory from an HTTP outcome to the right subclass. Branch with `instanceof` or `kind`.
 */
import { maskFreeText } from '../domain/masking.ts';

export type LenderName = 'credgenics' | 'apollo';

export type LenderErrorKind =
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'rate_limited'
  | 'server'
  | 'gateway'
  | 'timeout'
  | 'network'
  | 'malformed'
  | 'wrong_record'
  | 'too_large';

export interface LenderErrorInit {
  lender: LenderName;
  operation: string;
  status?: number | undefined;
  lenderMessage?: string | undefined;
  cause?: unknown;
  /** For timeouts: how long we waited. */
  timeoutMs?: number | undefined;
  /** The lender's `Retry-After` (429, 503, …) in milliseconds from when it answered, when it sent one. */
  retryAfterMs?: number | undefined;
}

export abstract class LenderError extends Error {
  abstract readonly kind: LenderErrorKind;
  /** Whether the same request may succeed if sent again later (transient). */
  abstract readonly retryable: boolean;
  readonly lender: LenderName;
  readonly operation: string;
  readonly status: number | undefined;
  readonly lenderMessage: string | undefined;
  readonly timeoutMs: number | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(init: LenderErrorInit, summary: string) {
    super(`${init.lender} ${init.operation}: ${summary}`, { cause: init.cause });
    this.name = this.constructor.name;
    this.lender = init.lender;
    this.operation = init.operation;
    this.status = init.status;
    this.lenderMessage = init.lenderMessage;
    this.timeoutMs = init.timeoutMs;
    this.retryAfterMs = init.retryAfterMs;
  }

  /** A short, loggable description without secrets or payloads. */
  toLog(): Record<string, unknown> {
    return {
      name: this.name,
      kind: this.kind,
      lender: this.lender,
      operation: this.operation,
      status: this.status,
      lenderMessage: this.lenderMessage,
      retryable: this.retryable,
      ...(this.retryAfterMs === undefined ? {} : { retryAfterMs: this.retryAfterMs }),
    };
  }
}

/** What tells the plain subclasses apart: whether trying again can help, and the message's summary. */
const KINDS = {
  bad_request: { retryable: false, summary: (init) => `rejected the request (${init.status ?? 400})` },
  unauthorized: { retryable: false, summary: () => 'credentials were refused (401)' },
  forbidden: { retryable: false, summary: () => 'access is forbidden (403)' },
  not_found: { retryable: false, summary: () => 'not found (404)' },
  conflict: { retryable: false, summary: (init) => `conflict (${init.status ?? 409})` },
  rate_limited: { retryable: true, summary: () => 'rate limited (429)' },
  server: { retryable: true, summary: (init) => `server error (${init.status ?? 500})` },
  gateway: { retryable: true, summary: (init) => `gateway error (${init.status ?? 504})` },
  timeout: { retryable: true, summary: (init) => `timed out after ${Math.round((init.timeoutMs ?? 0) / 1000)} s` },
  network: { retryable: true, summary: () => 'could not be reached' },
  malformed: { retryable: false, summary: () => 'answered with a body that is not in the documented shape' },
} as const satisfies Record<Exclude<LenderErrorKind, 'wrong_record' | 'too_large'>, { retryable: boolean; summary: (init: LenderErrorInit) => string }>;

type PlainKind = keyof typeof KINDS;

/** The base of a plain subclass: its kind and retryability from KINDS. `name` is the subclass's own. */
function lenderErrorOf<K extends PlainKind>(kind: K) {
  return class extends LenderError {
    readonly kind: K = kind;
    readonly retryable: (typeof KINDS)[K]['retryable'] = KINDS[kind].retryable;
    constructor(init: LenderErrorInit) {
      super(init, KINDS[kind].summary(init));
    }
  };
}

/** 400, 422 and any other 4xx without a class of its own. */
export class LenderBadRequestError extends lenderErrorOf('bad_request') {}
export class LenderUnauthorizedError extends lenderErrorOf('unauthorized') {}
export class LenderForbiddenError extends lenderErrorOf('forbidden') {}
export class LenderNotFoundError extends lenderErrorOf('not_found') {}
/** 409. */
export class LenderConflictError extends lenderErrorOf('conflict') {}
/** 429: refused before any work; may carry `retryAfterMs`. */
export class LenderRateLimitedError extends lenderErrorOf('rate_limited') {}
export class LenderServerError extends lenderErrorOf('server') {}
/** 502/503/504: the lender's gateway says the service is down; Apollo's docs say retry within seconds. */
export class LenderGatewayError extends lenderErrorOf('gateway') {}
export class LenderTimeoutError extends lenderErrorOf('timeout') {}
/** It never answered: refused, reset, unresolvable (the code is on `cause`). */
export class LenderNetworkError extends lenderErrorOf('network') {}
/** The lender answered 2xx with a body we cannot read (not JSON, or not the documented shape). */
export class LenderMalformedResponseError extends lenderErrorOf('malformed') {}

/** The lender answered 2xx about another loan than the one asked for (a mixed-up cache, a proxy, a bug). */
export class LenderWrongRecordError extends LenderError {
  readonly kind = 'wrong_record' as const;
  readonly retryable = false;
  readonly askedFor: string;
  readonly answeredFor: string;
  constructor(init: LenderErrorInit & { askedFor: string; answeredFor: string }) {
    super(init, `answered about ${init.answeredFor} when asked for ${init.askedFor}`);
    this.askedFor = init.askedFor;
    this.answeredFor = init.answeredFor;
  }

  override toLog(): Record<string, unknown> {
    return { ...super.toLog(), askedFor: this.askedFor, answeredFor: this.answeredFor };
  }
}

/** The lender's answer was larger than any loan could be; it was not read. */
export class LenderResponseTooLargeError extends LenderError {
  readonly kind = 'too_large' as const;
  readonly retryable = false;
  readonly limitBytes: number;
  constructor(init: LenderErrorInit & { limitBytes: number }) {
    super(init, `answered with more than ${init.limitBytes} bytes`);
    this.limitBytes = init.limitBytes;
  }
}

/** Pull a human message out of a lender's error body: `{message}`, `{output}`, `{error}`, `{detail}` or plain text. */
export function extractLenderMessage(body: unknown): string | undefined {
  if (body == null) return undefined;
  if (typeof body === 'string') {
    const text = body.trim();
    if (!text) return undefined;
    try {
      return extractLenderMessage(JSON.parse(text) as unknown) ?? clip(text);
    } catch {
      // Not JSON: HTML error pages are noise, plain text is a message.
      return text.startsWith('<') ? undefined : clip(text);
    }
  }
  if (typeof body === 'object') {
    const record = body as Record<string, unknown>;
    for (const key of ['message', 'error', 'detail', 'output', 'errors']) {
      const value = record[key];
      if (typeof value === 'string' && value.trim() && value !== 'failure' && value !== 'error') {
        return clip(value.trim());
      }
      if (Array.isArray(value) && value.length > 0) return clip(value.map(String).join('; '));
    }
  }
  return undefined;
}

/** Lender messages are free text that may echo a borrower's details: masked before anyone logs or shows them. */
function clip(text: string): string {
  const masked = maskFreeText(text);
  return masked.length > 500 ? `${masked.slice(0, 497)}...` : masked;
}

/** The subclass for each status with one of its own; any other 4xx is a bad request, any other 5xx a server error. */
const BY_STATUS: Readonly<Record<number, new (init: LenderErrorInit) => LenderError>> = {
  400: LenderBadRequestError,
  401: LenderUnauthorizedError,
  403: LenderForbiddenError,
  404: LenderNotFoundError,
  409: LenderConflictError,
  422: LenderBadRequestError,
  429: LenderRateLimitedError,
  502: LenderGatewayError,
  503: LenderGatewayError,
  504: LenderGatewayError,
};

/** The factory: an HTTP status and body (and the lender's Retry-After, if any) → the right subclass. */
export function lenderErrorFromStatus(
  lender: LenderName,
  operation: string,
  status: number,
  body: unknown,
  cause?: unknown,
  retryAfterMs?: number,
): LenderError {
  const init: LenderErrorInit = { lender, operation, status, lenderMessage: extractLenderMessage(body), cause, retryAfterMs };
  const Subclass = BY_STATUS[status] ?? (status >= 500 ? LenderServerError : LenderBadRequestError);
  return new Subclass(init);
}

/**
 * A `Retry-After` header in milliseconds from `now`: delay-seconds (`120`) or an HTTP date
 * (`Wed, 21 Oct 2026 07:28:00 GMT`, never negative). undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | readonly string[] | undefined, now: number): number | undefined {
  const text = (typeof value === 'string' ? value : value?.[0])?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  if (!/[a-z]/i.test(text)) return undefined; // "1.5", "-3": neither form
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
