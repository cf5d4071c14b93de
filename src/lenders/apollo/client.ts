/**
 * The Apollo Finvest client: the Loan Update API behind an OAuth2 client-credentials token.
 *
 * - One got instance (timeout, no got retries), JSON body, headers `Authorization: Bearer <token>` and
 *   `x-api-key`, `loan_id` added to APOLLO_UPDATE_URL's query.
 * - One update sends one request (two only on a refused token, below). The client never retries a failed
 *   update itself: the outbox worker owns every retry of a write (src/worker/, src/domain/write-policy.ts),
 *   so the docs' "502/503/504: you can retry within a few seconds" is the outbox's first backoff, and a
 *   `Retry-After` Apollo sends travels on the LenderError (`retryAfterMs`) for the outbox to honour.
 * - 401 on the update: the token is dropped, a new one fetched, and the update sent once more. That is an
 *   auth refresh, not a retry of something Apollo may have applied: Apollo's docs give 401 for one
 *   reason only, "The incoming token has expired", a refusal of the request before any work on the loan.
 *   A second 401 (or any other failure) is thrown as is.
 * - Every failure is a LenderError (src/lenders/as-lender-error.ts) carrying Apollo's own `message`. Logs
 *   carry the loan id, status and duration: never a token, key or secret.
 */
import got, { type Got } from 'got';
import { limitResponseSize } from '../response-size.ts';
import type { ApolloConfig } from '../../config.ts';
import type { Logger } from '../../log.ts';
import { LenderUnauthorizedError } from '../errors.ts';
import { observedCall, readAnswer, type LenderCallObserver, type ObservedCallOptions } from '../lender-calls.ts';
import { updateResponseSchema, type ApolloUpdateBody } from './schemas.ts';
import { createTokenSource } from './token.ts';

export type ApolloOperation = 'get_token' | 'update_loan';

export interface ApolloClient {
  updateLoan(loanId: string, body: ApolloUpdateBody): Promise<{ message: string }>;
  /** How many token requests this client has sent. */
  tokenRequests(): number;
}

export type ApolloClientOptions = ApolloConfig & {
  logger: Logger;
  /** Clock for token expiry and an HTTP-date Retry-After; default Date.now. */
  now?: () => number;
  /** Told about every HTTP call (each update attempt and each token request), for /metrics. */
  observe?: LenderCallObserver;
};

/** APOLLO_UPDATE_URL with `loan_id` set in its query (its other query parameters kept). */
export function updateUrlFor(updateUrl: string, loanId: string): URL {
  const url = new URL(updateUrl);
  url.searchParams.set('loan_id', loanId);
  return url;
}

export function createApolloClient(options: ApolloClientOptions): ApolloClient {
  const log = options.logger.child({ lender: 'apollo' });
  const operation = 'update_loan' as const;
  const now = options.now ?? Date.now;
  const tokens = createTokenSource({
    tokenUrl: options.tokenUrl,
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    timeoutMs: options.timeoutMs,
    logger: log,
    now,
    ...(options.observe ? { observe: options.observe } : {}),
  });
  const http: Got = got.extend({
    method: options.updateMethod,
    headers: {
      'x-api-key': options.apiKey,
      accept: 'application/json',
      'user-agent': 'loanbot (+https://github.com/loanbot)',
    },
    timeout: { request: options.timeoutMs },
    responseType: 'text',
    retry: { limit: 0 },
    handlers: [limitResponseSize()],
  });

  function send(loanId: string, body: ApolloUpdateBody, token: string): Promise<{ message: string }> {
    const call: ObservedCallOptions = {
      lender: 'apollo',
      operation,
      timeoutMs: options.timeoutMs,
      now,
      observe: options.observe,
      onFailure: (error, ms) => log.warn({ operation, loanId, ms, error: error.toLog() }, 'apollo update failed'),
    };
    return observedCall(call, async (answered) => {
      const started = performance.now();
      const response = await http(updateUrlFor(options.updateUrl, loanId), { json: body, headers: { authorization: `Bearer ${token}` } });
      const status = response.statusCode;
      answered(status);
      log.info({ operation, loanId, status, ms: Math.round(performance.now() - started) }, 'apollo answered');
      const parsed = readAnswer(updateResponseSchema, response.body, { lender: 'apollo', operation, status });
      return { message: parsed.message };
    });
  }

  return {
    async updateLoan(loanId, body) {
      const token = await tokens.get();
      try {
        return await send(loanId, body, token);
      } catch (error) {
        if (!(error instanceof LenderUnauthorizedError) || error.operation !== operation) throw error;
        tokens.invalidate(token);
        log.info({ operation, loanId }, 'apollo refused the token (401): fetching a new one and sending once more');
        return send(loanId, body, await tokens.get());
      }
    },
    tokenRequests: () => tokens.requests(),
  };
}
