/**
 * Apollo's OAuth2 client-credentials token: fetched on demand, cached until shortly before it expires,
 * and single-flight (every caller waiting for a token shares one request). A failed request is not
 * cached: the next caller tries again.
 */
import got from 'got';
import { limitResponseSize } from '../response-size.ts';

/** got with the cap on an answer's size (a token answer is a few hundred bytes). */
const limitedGot = got.extend({ handlers: [limitResponseSize()] });
import type { Logger } from '../../log.ts';
import { LenderMalformedResponseError } from '../errors.ts';
import { failedCallStatus, type LenderCallObserver } from '../lender-calls.ts';
import { mapApolloError } from './map-error.ts';
import { tokenResponseSchema } from './schemas.ts';

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
    const started = performance.now();
    const operation = 'get_token' as const;
    let callStatus = 'network';
    try {
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
      callStatus = String(status);
      let json: unknown;
      try {
        json = JSON.parse(response.body) as unknown;
      } catch {
        // No cause: a JSON.parse message quotes the body, which may hold the token.
        throw new LenderMalformedResponseError({ lender: 'apollo', operation, status });
      }
      const parsed = tokenResponseSchema.safeParse(json);
      if (!parsed.success) throw new LenderMalformedResponseError({ lender: 'apollo', operation, status });
      const lifetimeMs =
        parsed.data.expires_in !== undefined ? parsed.data.expires_in * 1000 : DEFAULT_TOKEN_LIFETIME_MS;
      const early = Math.min(REFRESH_EARLY_MS, lifetimeMs / 2);
      cached = { value: parsed.data.access_token, refreshAt: issuedAt + lifetimeMs - early };
      log.info(
        { operation, status, ms: Math.round(performance.now() - started), expiresInS: Math.round(lifetimeMs / 1000) },
        'apollo token issued',
      );
      return parsed.data.access_token;
    } catch (error) {
      const mapped = mapApolloError(operation, error, options.timeoutMs);
      callStatus = failedCallStatus(mapped);
      const ms = Math.round(performance.now() - started);
      log.warn({ operation, ms, error: mapped.toLog() }, 'apollo token request failed');
      throw mapped;
    } finally {
      options.observe?.({ lender: 'apollo', operation, status: callStatus, seconds: (performance.now() - started) / 1000 });
    }
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
