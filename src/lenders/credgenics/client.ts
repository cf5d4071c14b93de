/**
 * The Credgenics client: one got instance (prefix URL, `authenticationtoken` + `role` headers, a timeout),
 * every failure mapped to the LenderError family (src/lenders/as-lender-error.ts), every body parsed with zod.
 *
 * Who retries: got, for reads only (GET: `readRetries`, a short backoff, a `Retry-After` on 429/503 honoured
 * up to READ_MAX_RETRY_AFTER_MS), and nobody else retries a read. A write (PATCH/POST) is sent once per
 * call: the outbox worker owns its retries (Update Payment has no idempotency key, so a resend is decided
 * there, after reconciliation).
 */
import got, { type Got, type Method } from 'got';
import { z } from 'zod';
import type { Logger } from '../../log.ts';
import type { Loan } from '../../domain/loan.ts';
import { LenderMalformedResponseError, LenderWrongRecordError } from '../errors.ts';
import { observedCall, readAnswer, type LenderCallObserver, type ObservedCallOptions } from '../lender-calls.ts';
import { MAX_LENDER_RESPONSE_BYTES, limitResponseSize } from '../response-size.ts';
import { parseGetLoanResponse, writeResponseSchema, type UpdatePaymentBody, type WriteResponse } from './schemas.ts';
import { otherLoanIn, toLoan } from './to-loan.ts';

export interface CredgenicsClientOptions {
  baseUrl: string;
  authToken: string;
  role: string;
  timeoutMs: number;
  logger: Logger;
  /** Retries for reads (GET) on network errors, 429 and 5xx (default 2). Writes are never retried here. */
  readRetries?: number;
  /** Clock for an HTTP-date Retry-After; default Date.now. */
  now?: () => number;
  /** Told about every call (read retries included in its time), for /metrics. */
  observe?: LenderCallObserver;
  /** The largest answer read; larger ones are cancelled (default MAX_LENDER_RESPONSE_BYTES). */
  maxResponseBytes?: number;
}

export type CredgenicsOperation = 'get_loan' | 'update_payment' | 'update_loan' | 'update_transaction' | 'add_loan';

export type { UpdatePaymentBody } from './schemas.ts';

export interface CredgenicsClient {
  getLoan(loanId: string): Promise<Loan>;
  updatePayment(loanId: string, allocationMonth: string, body: UpdatePaymentBody): Promise<WriteResponse>;
  updateLoan(loanId: string, body: Record<string, unknown>): Promise<WriteResponse>;
  updateTransaction(clientCustomerId: string, loanId: string, body: Record<string, unknown>): Promise<WriteResponse>;
  addLoan(loanId: string, body: Record<string, unknown>): Promise<WriteResponse>;
}

/**
 * Every path segment is encoded: a loan id like `../../admin` or `1001?x=1` never reaches another path.
 * `.` and `..` survive encoding as dot segments (URL parsers resolve even `%2E`), so they are refused.
 */
function segment(value: string): string {
  if (/^(\.|%2e){1,2}$/i.test(value) || value === '') throw new Error(`refusing to build a URL path segment from "${value}"`);
  return encodeURIComponent(value);
}

/**
 * The longest `Retry-After` a read waits for (an agent is waiting on the answer): a longer one is not
 * waited out, and the read fails as rate-limited (or down) with `retryAfterMs` set.
 */
export const READ_MAX_RETRY_AFTER_MS = 5_000;

export function createCredgenicsClient(options: CredgenicsClientOptions): CredgenicsClient {
  const log = options.logger.child({ lender: 'credgenics' });
  const maxBytes = options.maxResponseBytes ?? MAX_LENDER_RESPONSE_BYTES;
  const http: Got = got.extend({
    prefixUrl: options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`,
    headers: {
      authenticationtoken: options.authToken,
      role: options.role,
      'user-agent': 'loanbot (+https://github.com/loanbot)',
    },
    timeout: { request: options.timeoutMs },
    responseType: 'text',
    handlers: [limitResponseSize(maxBytes)],
    retry: {
      limit: options.readRetries ?? 2,
      methods: ['GET'],
      statusCodes: [429, 500, 502, 503, 504],
      // No ETIMEDOUT: a read that already took the whole timeout is not worth another one while an agent waits.
      errorCodes: ['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ENOTFOUND', 'ENETUNREACH', 'EAI_AGAIN'],
      backoffLimit: 800,
      maxRetryAfter: READ_MAX_RETRY_AFTER_MS,
    },
    hooks: {
      beforeRetry: [
        (error, retryCount) => {
          log.warn({ retryCount, status: error.response?.statusCode, code: error.code }, 'retrying Credgenics read');
        },
      ],
    },
  });

  async function call(
    operation: CredgenicsOperation,
    method: Method,
    path: string,
    init: { json?: unknown; searchParams?: Record<string, string> } = {},
  ): Promise<unknown> {
    const context: ObservedCallOptions = {
      lender: 'credgenics',
      operation,
      timeoutMs: options.timeoutMs,
      maxBytes,
      now: options.now ?? Date.now,
      observe: options.observe,
      onFailure: (error, ms) => log.warn({ operation, method, ms, error: error.toLog() }, 'credgenics failed'),
    };
    return observedCall(context, async (answered) => {
      const started = performance.now();
      const response = await http(path, { method, json: init.json, searchParams: init.searchParams });
      const status = response.statusCode;
      answered(status);
      log.info({ operation, method, status, ms: Math.round(performance.now() - started) }, 'credgenics answered');
      return response.body === '' ? {} : readAnswer(z.unknown(), response.body, { lender: 'credgenics', operation, status });
    });
  }

  async function write(operation: CredgenicsOperation, method: Method, path: string, init: Parameters<typeof call>[3]) {
    const body = await call(operation, method, path, init);
    const parsed = writeResponseSchema.safeParse(body);
    if (!parsed.success) throw new LenderMalformedResponseError({ lender: 'credgenics', operation, status: 200 });
    return parsed.data;
  }

  return {
    async getLoan(loanId) {
      const body = await call('get_loan', 'GET', `recovery/loan/${segment(loanId)}`);
      const parsed = parseGetLoanResponse(body);
      if (!parsed) throw new LenderMalformedResponseError({ lender: 'credgenics', operation: 'get_loan', status: 200 });
      const other = otherLoanIn(loanId, parsed);
      if (other !== undefined) {
        const error = new LenderWrongRecordError({ lender: 'credgenics', operation: 'get_loan', status: 200, askedFor: loanId, answeredFor: other });
        log.error({ operation: 'get_loan', error: error.toLog() }, 'credgenics answered about another loan; refused');
        throw error;
      }
      return toLoan(loanId, parsed);
    },
    updatePayment(loanId, allocationMonth, body) {
      return write('update_payment', 'PATCH', `recovery/recovery/update/${segment(loanId)}`, {
        json: body,
        searchParams: { allocation_month: allocationMonth },
      });
    },
    updateLoan(loanId, body) {
      return write('update_loan', 'PATCH', `recovery/loan/${segment(loanId)}`, { json: body });
    },
    updateTransaction(clientCustomerId, loanId, body) {
      // The docs print this URL as `https://api/credgenics.com/recovery/transaction/…` (a typo for
      // api.credgenics.com); we use the same base URL as every other call.
      return write('update_transaction', 'PATCH', `recovery/transaction/${segment(clientCustomerId)}/${segment(loanId)}`, {
        json: body,
      });
    },
    addLoan(loanId, body) {
      return write('add_loan', 'POST', `recovery/loan/${segment(loanId)}`, { json: body });
    },
  };
}
