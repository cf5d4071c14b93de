/**
 * Slack request signing (v0): `X-Slack-Signature: v0=<hex HMAC-SHA256(secret, "v0:<ts>:<raw body>")>`
 * with `X-Slack-Request-Timestamp: <unix seconds>`.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface SlackSignatureHeaders {
  'X-Slack-Request-Timestamp': string;
  'X-Slack-Signature': string;
}

export function computeSlackSignature(secret: string, body: string, tsSeconds: number): string {
  const hmac = createHmac('sha256', secret);
  hmac.update(`v0:${tsSeconds}:${body}`);
  return `v0=${hmac.digest('hex')}`;
}

/** The two headers Slack adds to every request it sends to an app. */
export function signSlackRequest(
  secret: string,
  body: string,
  tsSeconds: number = Math.floor(Date.now() / 1000),
): SlackSignatureHeaders {
  return {
    'X-Slack-Request-Timestamp': String(tsSeconds),
    'X-Slack-Signature': computeSlackSignature(secret, body, tsSeconds),
  };
}

export type SignatureCheck =
  | { ok: true }
  | { ok: false; reason: 'missing_headers' | 'bad_timestamp' | 'stale_timestamp' | 'bad_version' | 'mismatch' };

export interface VerifyOptions {
  /** Allowed clock skew; Slack (and Bolt) use 5 minutes. */
  maxAgeSeconds?: number;
  nowMs?: number;
}

/**
 * Checks a request the way an app must: timestamp present and within `maxAgeSeconds` of now,
 * version `v0`, and a constant-time match of the HMAC.
 */
export function verifySlackRequest(
  secret: string,
  body: string,
  timestampHeader: string | undefined,
  signatureHeader: string | undefined,
  opts: VerifyOptions = {},
): SignatureCheck {
  if (!timestampHeader || !signatureHeader) return { ok: false, reason: 'missing_headers' };
  if (!/^\d+$/.test(timestampHeader)) return { ok: false, reason: 'bad_timestamp' };
  const ts = Number(timestampHeader);
  const nowSec = Math.floor((opts.nowMs ?? Date.now()) / 1000);
  if (Math.abs(nowSec - ts) > (opts.maxAgeSeconds ?? 300)) return { ok: false, reason: 'stale_timestamp' };
  if (!signatureHeader.startsWith('v0=')) return { ok: false, reason: 'bad_version' };
  const expected = Buffer.from(computeSlackSignature(secret, body, ts), 'utf8');
  const given = Buffer.from(signatureHeader, 'utf8');
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'mismatch' };
  return { ok: true };
}
