/**
 * The Apollo Finvest client: the Loan Update API behind an OAuth2 client-credentials token.
 *
 * - One got instance (timeout, no got retries: retries are decided here), JSON body, headers
 *   `Authorization: Bearer <token>` and `x-api-key`, `loan_id` added to APOLLO_UPDATE_URL's query.
 * - 401 on the update: the token is dropped, a new one fetched, and the update sent once more.
 * - 502/503/504: the docs say "You can retry within a few seconds": retried after `retryDelaysMs`.
 *   Setting the same dates again is harmless, so a retry after a gateway error is safe.
 * - 400/403/404/500 and timeouts are not retried here. Every failure is a LenderError carrying
 *   Apollo's own `message`. Logs carry the loan id, status and duration: never a token, key or secret.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import got, { type Got } from 'got';
import { limitResponseSize } from '../response-size.ts';
import type { ApolloConfig } from '../../config.ts';
import type { Logger } from '../../log.ts';
import { LenderError, LenderGatewayError, LenderMalformedResponseError, LenderUnauthorizedError } from '../errors.ts';
import { failedCallStatus, type LenderCallObserver } from '../lender-calls.ts';
import { mapApolloError } from './map-error.ts';
import { updateResponseSchema, type ApolloUpdateBody } from './schemas.ts';
import { createTokenSource } from './token.ts';

export interface ApolloClient {
  updateLoan(loanId: string, body: ApolloUpdateBody): Promise<{ message: string }>;
  /** How many token requests this client has sent. */
  tokenRequests(): number;
}

export type ApolloClientOptions = ApolloConfig & {
  logger: Logger;
  /** Clock for token expiry; default Date.now. */
  now?: () => number;
  /** Waits before each retry of a 502/503/504; default [2000, 4000] (two retries). */
  retryDelaysMs?: number[];
  /** Told about every HTTP call (each update attempt and each token request), for /metrics. */
  observe?: LenderCallObserver;
};

export const DEFAULT_GATEWAY_RETRY_DELAYS_MS: readonly number[] = [2000, 4000];

/** APOLLO_UPDATE_URL with `loan_id` set in its query (its other query parameters kept). */
export function updateUrlFor(updateUrl: string, loanId: string): URL {
  const url = new URL(updateUrl);
  url.searchParams.set('loan_id', loanId);
  return url;
}

export function createApolloClient(options: ApolloClientOptions): ApolloClient {
  const log = options.logger.child({ lender: 'apollo' });
  const operation = 'update_loan' as const;
  const retryDelays = options.retryDelaysMs ?? DEFAULT_GATEWAY_RETRY_DELAYS_MS;
  const tokens = createTokenSource({
    tokenUrl: options.tokenUrl,
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    timeoutMs: options.timeoutMs,
    logger: log,
    now: options.now ?? Date.now,
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

  async function send(loanId: string, body: ApolloUpdateBody, token: string): Promise<{ message: string }> {
    const started = performance.now();
    const ms = () => Math.round(performance.now() - started);
    let callStatus = 'network';
    try {
      const response = await http(updateUrlFor(options.updateUrl, loanId), {
        json: body,
        headers: { authorization: `Bearer ${token}` },
      });
      const status = response.statusCode;
      callStatus = String(status);
      log.info({ operation, loanId, status, ms: ms() }, 'apollo answered');
      let json: unknown;
      try {
        json = JSON.parse(response.body) as unknown;
      } catch {
        throw new LenderMalformedResponseError({ lender: 'apollo', operation, status });
      }
      const parsed = updateResponseSchema.safeParse(json);
      if (!parsed.success) throw new LenderMalformedResponseError({ lender: 'apollo', operation, status });
      return { message: parsed.data.message };
    } catch (error) {
      const mapped = mapApolloError(operation, error, options.timeoutMs);
      callStatus = failedCallStatus(mapped);
      log.warn({ operation, loanId, ms: ms(), error: mapped.toLog() }, 'apollo update failed');
      throw mapped;
    } finally {
      options.observe?.({ lender: 'apollo', operation, status: callStatus, seconds: (performance.now() - started) / 1000 });
    }
  }

  /** One attempt: with a token, and once more with a fresh token if Apollo says 401. */
  async function attempt(loanId: string, body: ApolloUpdateBody): Promise<{ message: string }> {
    const token = await tokens.get();
    try {
      return await send(loanId, body, token);
    } catch (error) {
      if (!(error instanceof LenderUnauthorizedError) || error.operation !== operation) throw error;
      tokens.invalidate(token);
      log.info({ operation, loanId }, 'apollo refused the token (401): fetching a new one and retrying once');
      return send(loanId, body, await tokens.get());
    }
  }

  return {
    async updateLoan(loanId, body) {
      for (let retry = 0; ; retry += 1) {
        try {
          return await attempt(loanId, body);
        } catch (error) {
          const delay = retryDelays[retry];
          if (!(error instanceof LenderGatewayError) || delay === undefined) throw asLenderError(error);
          const context = { operation, loanId, status: error.status, retry: retry + 1, delayMs: delay };
          log.warn(context, 'apollo gateway error: retrying');
          await sleep(delay);
        }
      }
    },
    tokenRequests: () => tokens.requests(),
  };
}

function asLenderError(error: unknown): LenderError {
  return error instanceof LenderError ? error : mapApolloError('update_loan', error, 0);
}
