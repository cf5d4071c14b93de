/**
 * Apollo's OAuth2 client-credentials token: fetched on demand, cached until shortly before it expires,
 * and single-flight (every caller waiting for a token shares one request). A failed request is not
 * cached: the next caller tries again (a token request is never retried by itself: the update that needed
 * it fails, and the outbox retries that).
 */
import got from 'got';
import { limitResponseSize } from '../response-size.ts';
import type { Logger } from '../../log.ts';
import { observedCall, readAnswer, type LenderCallObserver, type ObservedCallOptions } from '../lender-calls.ts';
import { tokenResponseSchema } from './schemas.ts';

/** got with the cap on an answer's size (a token answer is a few hundred bytes). No retries: see client.ts. */
const limitedGot = got.extend({ handlers: [limitResponseSize()] });

/** The docs' payload, byte for byte. */
export const TOKEN_REQUEST_BODY = 'grant_type=client_credentials&scope=';
/** The docs: "The token will expire in 5 minutes." Used when the answer has no `expires_in`. */
export const DEFAULT_TOKEN_LIFETIME_MS = 5 * 60_000;
/** Refresh this long before the token expires (at most half of its lifetime, so short tokens are still reused). */
export const REFRESH_EARLY_MS = 30_000;

export interface TokenSourceOptions {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  timeoutMs: number;
  logger: Logger;
  now: () => number;
  /** Told about every token request, for /metrics. */
  observe?: LenderCallObserver;
}

export interface TokenSource {
  /** A token that is not about to expire (cached, or fetched once for all concurrent callers). */
  get(): Promise<string>;
  /** Forget `token` (Apollo refused it). A newer token fetched meanwhile is kept. */
  invalidate(token: string): void;
  /** How many token requests were sent. */
  requests(): number;
}

interface CachedToken {
  value: string;
  refreshAt: number;
}

export function createTokenSource(options: TokenSourceOptions): TokenSource {
  const log = options.logger;
  const basic = Buffer.from(`${options.clientId}:${options.clientSecret}`, 'utf8').toString('base64');
  let cached: CachedToken | undefined;
  let inflight: Promise<string> | undefined;
  let count = 0;

  async function fetchToken(): Promise<string> {
    count += 1;
    const issuedAt = options.now();
    const operation = 'get_token' as const;
    const call: ObservedCallOptions = {
      lender: 'apollo',
      operation,
      timeoutMs: options.timeoutMs,
      now: options.now,
      observe: options.observe,
      onFailure: (error, ms) => log.warn({ operation, ms, error: error.toLog() }, 'apollo token request failed'),
    };
    return observedCall(call, async (answered) => {
      const started = performance.now();
      const response = await limitedGot.post(options.tokenUrl, {
        headers: {
          authorization: `Basic ${basic}`,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
          'user-agent': 'loanbot (+https://github.com/loanbot)',
        },
        body: TOKEN_REQUEST_BODY,
        responseType: 'text',
        timeout: { request: options.timeoutMs },
        retry: { limit: 0 },
      });
      const status = response.statusCode;
      answered(status);
      const token = readAnswer(tokenResponseSchema, response.body, { lender: 'apollo', operation, status });
      const lifetimeMs = token.expires_in !== undefined ? token.expires_in * 1000 : DEFAULT_TOKEN_LIFETIME_MS;
      const early = Math.min(REFRESH_EARLY_MS, lifetimeMs / 2);
      cached = { value: token.access_token, refreshAt: issuedAt + lifetimeMs - early };
      log.info(
        { operation, status, ms: Math.round(performance.now() - started), expiresInS: Math.round(lifetimeMs / 1000) },
        'apollo token issued',
      );
      return token.access_token;
    });
  }

  return {
    get() {
      if (cached && options.now() < cached.refreshAt) return Promise.resolve(cached.value);
      if (!inflight) {
        cached = undefined;
        inflight = fetchToken().finally(() => {
          inflight = undefined;
        });
      }
      return inflight;
    },
    invalidate(token) {
      if (cached?.value === token) cached = undefined;
    },
    requests: () => count,
  };
}
