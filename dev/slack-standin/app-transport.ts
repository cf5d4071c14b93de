/**
 * Sending requests to the app the way Slack does: signed, with Slack's content types and headers,
 * optional retry headers, timing the ack; or, once the stand-in is in Socket Mode, as envelopes over the
 * app's WebSocket (raw requests always go over HTTP).
 */
import { performance } from 'node:perf_hooks';
import { signSlackRequest } from './signer.ts';
import type { StandinState } from './state.ts';
import type { DriverResult, JsonObject, SentRequest } from './types.ts';

/** Slack gives up on an ack after 3 seconds. */
export const ACK_DEADLINE_MS = 3000;
export const FORM = 'application/x-www-form-urlencoded';
export const JSON_TYPE = 'application/json';
const USER_AGENT = 'Slackbot 1.0 (+https://api.slack.com/robots)';

export type SignOption = boolean | { timestampSeconds?: number; secret?: string };

export interface SendOptions {
  retryNum?: number | undefined;
  retryReason?: string | undefined;
  sign?: SignOption | undefined;
}

export interface RawRequest {
  body: string;
  contentType: string;
  headers?: Record<string, string>;
  /** Default true: signed with the configured secret and the current time. */
  sign?: SignOption;
  /** Default: the app URL set with setAppUrl. */
  url?: string;
}

export class AppTransport {
  constructor(
    private readonly s: StandinState,
    private readonly signingSecret: string,
    private readonly timeoutMs: number,
  ) {}

  private appUrl(): string {
    if (this.s.delivery === 'socket') return this.s.appUrl ?? 'socket-mode';
    if (!this.s.appUrl) throw new Error('slack-standin: call setAppUrl(url) (or useSocketMode()) before driving the app');
    return this.s.appUrl;
  }

  form(kind: SentRequest['kind'], fields: Record<string, string>): SentRequest {
    return { kind, url: this.appUrl(), contentType: FORM, body: new URLSearchParams(fields).toString(), headers: {}, payload: { ...fields } };
  }

  /** Interactivity: `payload=<json>` form-encoded. */
  interaction(kind: SentRequest['kind'], payload: JsonObject): SentRequest {
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    return { kind, url: this.appUrl(), contentType: FORM, body, headers: {}, payload };
  }

  json(kind: SentRequest['kind'], payload: JsonObject): SentRequest {
    return { kind, url: this.appUrl(), contentType: JSON_TYPE, body: JSON.stringify(payload), headers: {}, payload };
  }

  async send(req: SentRequest, opts: SendOptions = {}): Promise<DriverResult> {
    if (this.s.delivery === 'socket' && req.kind !== 'raw') {
      return this.s.socketMode.deliver(req, { retryNum: opts.retryNum, retryReason: opts.retryReason, timeoutMs: this.timeoutMs });
    }
    const headers: Record<string, string> = { 'Content-Type': req.contentType, 'User-Agent': USER_AGENT, ...req.headers };
    const sign = opts.sign ?? true;
    if (sign !== false) {
      const o = sign === true ? {} : sign;
      const ts = o.timestampSeconds ?? Math.floor(Date.now() / 1000);
      Object.assign(headers, signSlackRequest(o.secret ?? this.signingSecret, req.body, ts));
    }
    if (opts.retryNum !== undefined) {
      headers['X-Slack-Retry-Num'] = String(opts.retryNum);
      headers['X-Slack-Retry-Reason'] = opts.retryReason ?? 'http_timeout';
    }
    const started = performance.now();
    let res: Response;
    let body: string;
    try {
      res = await fetch(req.url, { method: 'POST', headers, body: req.body, signal: AbortSignal.timeout(this.timeoutMs) });
      body = await res.text();
    } catch (err) {
      throw new Error(`slack-standin: ${req.kind} request to ${req.url} failed: ${String(err)}`, { cause: err });
    }
    const ackMs = performance.now() - started;
    // The request as sent (signature and retry headers included), so a test can replay it byte for byte.
    const result: DriverResult = { sent: true, status: res.status, body, ackMs, lateAck: ackMs > ACK_DEADLINE_MS, request: { ...req, headers } };
    const trimmed = body.trim();
    if (trimmed.startsWith('{') || trimmed.startsWith('[') || (res.headers.get('content-type') ?? '').includes('json')) {
      try {
        result.json = JSON.parse(trimmed);
      } catch {
        // not JSON after all; body stays as text
      }
    }
    this.s.log(`slack-standin: ${req.kind} → ${res.status} in ${ackMs.toFixed(1)} ms`);
    return result;
  }

  /** Slack retrying: the identical body (same trigger_id, event_id…), re-signed, with retry headers. */
  resend(req: SentRequest, retryNum: number, retryReason = 'http_timeout'): Promise<DriverResult> {
    return this.send(req, { retryNum, retryReason });
  }

  raw(r: RawRequest): Promise<DriverResult> {
    const req: SentRequest = { kind: 'raw', url: r.url ?? this.appUrl(), contentType: r.contentType, body: r.body, headers: r.headers ?? {}, payload: {} };
    return this.send(req, { sign: r.sign ?? true });
  }
}
