/**
 * The Credgenics client: one got instance (prefix URL, `authenticationtoken` + `role` headers, a timeout,
 * retries for reads only), every failure mapped to the LenderError family, every body parsed with zod.
 */
import got, { CancelError, HTTPError, RequestError, TimeoutError, type Got, type Method } from 'got';
import type { Logger } from '../../log.ts';
import type { Loan } from '../../domain/loan.ts';
import {
  LenderError,
  LenderMalformedResponseError,
  LenderNetworkError,
  LenderResponseTooLargeError,
  LenderTimeoutError,
  LenderWrongRecordError,
  lenderErrorFromStatus,
} from '../errors.ts';
import { failedCallStatus, type LenderCallObserver } from '../lender-calls.ts';
import { MAX_LENDER_RESPONSE_BYTES, limitResponseSize } from '../response-size.ts';
import { parseGetLoanResponse, writeResponseSchema, type WriteResponse } from './schemas.ts';
import { otherLoanIn, toLoan } from './to-loan.ts';

export interface CredgenicsClientOptions {
  baseUrl: string;
  authToken: string;
  role: string;
  timeoutMs: number;
  logger: Logger;
  /** Retries for reads (GET) on network errors, 429 and 5xx. Writes are never retried here. */
  readRetries?: number;
  /** Told about every call (read retries included in its time), for /metrics. */
  observe?: LenderCallObserver;
  /** The largest answer read; larger ones are cancelled (default MAX_LENDER_RESPONSE_BYTES). */
  maxResponseBytes?: number;
}

export type CredgenicsOperation = 'get_loan' | 'update_payment' | 'update_loan' | 'update_transaction' | 'add_loan';

export interface UpdatePaymentBody {
  client_customer_id?: string;
  final_status: 'Partially Recovered' | 'Closed';
  amount_recovered: number;
  payment_method: string;
  date_of_default?: string;
  recovery_method?: string;
  closure_with?: string;
  payment_reference_number?: string;
  payment_mode?: string;
}

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

export function createCredgenicsClient(options: CredgenicsClientOptions): CredgenicsClient {
  const log = options.logger.child({ lender: 'credgenics' });
  const http: Got = got.extend({
    prefixUrl: options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`,
    headers: {
      authenticationtoken: options.authToken,
      role: options.role,
      'user-agent': 'loanbot (+https://github.com/loanbot)',
    },
    timeout: { request: options.timeoutMs },
    responseType: 'text',
    handlers: [limitResponseSize(options.maxResponseBytes ?? MAX_LENDER_RESPONSE_BYTES)],
    retry: {
      limit: options.readRetries ?? 2,
      methods: ['GET'],
      statusCodes: [429, 500, 502, 503, 504],
      // No ETIMEDOUT: a read that already took the whole timeout is not worth another one while an agent waits.
      errorCodes: ['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ENOTFOUND', 'ENETUNREACH', 'EAI_AGAIN'],
      backoffLimit: 800,
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
    const started = performance.now();
    let status = 'network';
    try {
      const response = await http(path, { method, json: init.json, searchParams: init.searchParams });
      const ms = Math.round(performance.now() - started);
      log.info({ operation, method, status: response.statusCode, ms }, 'credgenics answered');
      status = String(response.statusCode);
      try {
        return response.body === '' ? {} : (JSON.parse(response.body) as unknown);
      } catch (cause) {
        throw new LenderMalformedResponseError({ lender: 'credgenics', operation, status: response.statusCode, cause });
      }
    } catch (error) {
      const mapped = mapError(operation, error, options.timeoutMs, options.maxResponseBytes ?? MAX_LENDER_RESPONSE_BYTES);
      status = failedCallStatus(mapped);
      log.warn({ operation, method, ms: Math.round(performance.now() - started), error: mapped.toLog() }, 'credgenics failed');
      throw mapped;
    } finally {
      options.observe?.({ lender: 'credgenics', operation, status, seconds: (performance.now() - started) / 1000 });
    }
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

function mapError(operation: string, error: unknown, timeoutMs: number, maxBytes: number): LenderError {
  if (error instanceof LenderError) return error;
  // Only limitResponseSize cancels a request.
  if (error instanceof CancelError) return new LenderResponseTooLargeError({ lender: 'credgenics', operation, limitBytes: maxBytes });
  if (error instanceof HTTPError) {
    return lenderErrorFromStatus('credgenics', operation, error.response.statusCode, error.response.body, error);
  }
  if (error instanceof TimeoutError) return new LenderTimeoutError({ lender: 'credgenics', operation, timeoutMs, cause: error });
  if (error instanceof RequestError) return new LenderNetworkError({ lender: 'credgenics', operation, cause: error });
  return new LenderNetworkError({ lender: 'credgenics', operation, cause: error });
}
