/**
 * The sandbox's OAuth2 client-credentials endpoint, as the docs' Python sample calls it:
 *   POST, Authorization: Basic base64(client_id:client_secret),
 *   Content-Type: application/x-www-form-urlencoded, body grant_type=client_credentials&scope=
 * It issues opaque Bearer tokens that expire after `tokenTtlSeconds` (the docs: 5 minutes).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Answer } from '../kit/types.ts';

export type TokenCheck = 'valid' | 'expired' | 'unknown' | 'missing';

const sameText = (a: string, b: string): boolean => {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
};

export class TokenBook {
  private readonly issued = new Map<string, number>();

  constructor(
    private readonly clientId: string,
    private readonly clientSecret: string,
    private readonly ttlSeconds: number,
    private readonly now: () => number,
  ) {}

  /** Answer one request to the token endpoint. */
  handle(method: string, headers: Record<string, string>, rawBody: string): Answer {
    if (method !== 'POST') return { status: 405, body: { error: 'invalid_request', error_description: 'Use POST' } };
    if (!this.credentialsMatch(headers.authorization)) return { status: 401, body: { error: 'invalid_client' } };
    const contentType = (headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (contentType !== 'application/x-www-form-urlencoded') {
      return {
        status: 400,
        body: { error: 'invalid_request', error_description: 'Content-Type must be application/x-www-form-urlencoded' },
      };
    }
    const form = new URLSearchParams(rawBody);
    const grant = form.get('grant_type');
    if (!grant) return { status: 400, body: { error: 'invalid_request', error_description: 'grant_type is required' } };
    if (grant !== 'client_credentials') return { status: 400, body: { error: 'unsupported_grant_type' } };
    return { status: 200, body: { access_token: this.issue(), expires_in: this.ttlSeconds, token_type: 'Bearer' } };
  }

  /** Check an `Authorization: Bearer <token>` header. */
  check(authorization: string | undefined): TokenCheck {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!match?.[1]) return 'missing';
    const expiresAt = this.issued.get(match[1]);
    if (expiresAt === undefined) return 'unknown';
    return this.now() < expiresAt ? 'valid' : 'expired';
  }

  private issue(): string {
    const nowMs = this.now();
    for (const [token, expiresAt] of this.issued) if (expiresAt <= nowMs) this.issued.delete(token);
    const token = `apl_${randomBytes(24).toString('base64url')}`;
    this.issued.set(token, nowMs + this.ttlSeconds * 1000);
    return token;
  }

  private credentialsMatch(authorization: string | undefined): boolean {
    const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(authorization ?? '');
    if (!match?.[1]) return false;
    const decoded = Buffer.from(match[1], 'base64').toString('utf8');
    return sameText(decoded, `${this.clientId}:${this.clientSecret}`);
  }
}
