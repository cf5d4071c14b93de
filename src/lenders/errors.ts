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

  constructor(init: LenderErrorInit, summary: string) {
    super(`${init.lender} ${init.operation}: ${summary}`, { cause: init.cause });
    this.name = this.constructor.name;
    this.lender = init.lender;
    this.operation = init.operation;
    this.status = init.status;
    this.lenderMessage = init.lenderMessage;
    this.timeoutMs = init.timeoutMs;
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
    };
  }
}

export class LenderBadRequestError extends LenderError {
  readonly kind = 'bad_request' as const;
  readonly retryable = false;
  constructor(init: LenderErrorInit) {
    super(init, `rejected the request (${init.status ?? 400})`);
  }
}

export class LenderUnauthorizedError extends LenderError {
  readonly kind = 'unauthorized' as const;
  readonly retryable = false;
  constructor(init: LenderErrorInit) {
    super(init, 'credentials were refused (401)');
  }
}

export class LenderForbiddenError extends LenderError {
  readonly kind = 'forbidden' as const;
  readonly retryable = false;
  constructor(init: LenderErrorInit) {
    super(init, 'access is forbidden (403)');
  }
}

export class LenderNotFoundError extends LenderError {
  readonly kind = 'not_found' as const;
  readonly retryable = false;
  constructor(init: LenderErrorInit) {
    super(init, 'not found (404)');
  }
}

export class LenderConflictError extends LenderError {
  readonly kind = 'conflict' as const;
  readonly retryable = false;
  constructor(init: LenderErrorInit) {
    super(init, `conflict (${init.status ?? 409})`);
  }
}

export class LenderRateLimitedError extends LenderError {
  readonly kind = 'rate_limited' as const;
  readonly retryable = true;
  constructor(init: LenderErrorInit) {
    super(init, 'rate limited (429)');
  }
}

export class LenderServerError extends LenderError {
  readonly kind = 'server' as const;
  readonly retryable = true;
  constructor(init: LenderErrorInit) {
    super(init, `server error (${init.status ?? 500})`);
  }
}

/** 502/503/504: the lender's gateway says the service is down; Apollo's docs say retry within seconds. */
export class LenderGatewayError extends LenderError {
  readonly kind = 'gateway' as const;
  readonly retryable = true;
  constructor(init: LenderErrorInit) {
    super(init, `gateway error (${init.status ?? 504})`);
  }
}

export class LenderTimeoutError extends LenderError {
  readonly kind = 'timeout' as const;
  readonly retryable = true;
  constructor(init: LenderErrorInit) {
    super(init, `timed out after ${Math.round((init.timeoutMs ?? 0) / 1000)} s`);
  }
}

export class LenderNetworkError extends LenderError {
  readonly kind = 'network' as const;
  readonly retryable = true;
  constructor(init: LenderErrorInit) {
    super(init, 'could not be reached');
  }
}

/** The lender answered 2xx with a body we cannot read (not JSON, or not the documented shape). */
export class LenderMalformedResponseError extends LenderError {
  readonly kind = 'malformed' as const;
  readonly retryable = false;
  constructor(init: LenderErrorInit) {
    super(init, 'answered with a body that is not in the documented shape');
  }
}

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

/** The factory: an HTTP status and body → the right subclass. */
export function lenderErrorFromStatus(
  lender: LenderName,
  operation: string,
  status: number,
  body: unknown,
  cause?: unknown,
): LenderError {
  const init: LenderErrorInit = { lender, operation, status, lenderMessage: extractLenderMessage(body), cause };
  if (status === 400 || status === 422) return new LenderBadRequestError(init);
  if (status === 401) return new LenderUnauthorizedError(init);
  if (status === 403) return new LenderForbiddenError(init);
  if (status === 404) return new LenderNotFoundError(init);
  if (status === 409) return new LenderConflictError(init);
  if (status === 429) return new LenderRateLimitedError(init);
  if (status === 502 || status === 503 || status === 504) return new LenderGatewayError(init);
  if (status >= 500) return new LenderServerError(init);
  return new LenderBadRequestError(init);
}
