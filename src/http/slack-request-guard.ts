/**
 * Refuses a signed Slack request seen before. Bolt checks the signature and that the timestamp is within
 * five minutes; inside those five minutes an intercepted request could be sent again as is. We remember
 * each signature for the five minutes it can be valid and answer a second copy with 401.
 *
 * Slack's own retries carry `X-Slack-Retry-Num`; they are let through, because every write behind them is
 * made idempotent by its outbox key, and Slack must be able to retry an event we were slow to ack.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

const WINDOW_MS = 5 * 60 * 1000;
const MAX_REMEMBERED = 200_000;

export class ReplayGuard {
  private readonly seen = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  /** True when this signature was already used within the window (and remembers it otherwise). */
  isReplay(signature: string): boolean {
    const now = this.now();
    const expires = this.seen.get(signature);
    if (expires !== undefined && expires > now) return true;
    if (this.seen.size >= MAX_REMEMBERED) this.sweep(now);
    this.seen.set(signature, now + WINDOW_MS);
    return false;
  }

  private sweep(now: number): void {
    for (const [signature, expires] of this.seen) if (expires <= now) this.seen.delete(signature);
    // Still full of live entries: drop the oldest half rather than grow without bound.
    if (this.seen.size >= MAX_REMEMBERED) {
      let drop = this.seen.size / 2;
      for (const signature of this.seen.keys()) {
        if (drop-- <= 0) break;
        this.seen.delete(signature);
      }
    }
  }
}

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

export interface GuardOptions {
  guard: ReplayGuard;
  /** Largest body accepted, in bytes; larger declared bodies are refused at once with 413. */
  bodyLimit: number;
  nowSeconds?: () => number;
  onRefused: (req: IncomingMessage, why: string) => void;
}

function refuse(req: IncomingMessage, res: ServerResponse, status: number, why: string, options: GuardOptions): void {
  options.onRefused(req, why);
  res.writeHead(status, { 'content-type': 'text/plain', connection: 'close' });
  res.end(why);
  req.resume();
}

/**
 * Wrap a receiver's request listener. Before Bolt (or any listener) sees a POST it is refused when:
 * its declared body is too large (413); its timestamp is more than five minutes away in either
 * direction (Bolt only checks the past); or it is a replay of a request already served (401).
 */
export function guardSlackRequests(inner: Listener, options: GuardOptions): Listener {
  const nowSeconds = options.nowSeconds ?? (() => Math.floor(Date.now() / 1000));
  return (req, res) => {
    if (req.method !== 'POST') return inner(req, res);
    const length = Number(req.headers['content-length'] ?? 0);
    if (length > options.bodyLimit) return refuse(req, res, 413, 'request body too large', options);
    const timestamp = Number(req.headers['x-slack-request-timestamp']);
    if (Number.isFinite(timestamp) && Math.abs(nowSeconds() - timestamp) > 5 * 60) {
      return refuse(req, res, 401, 'stale or future timestamp', options);
    }
    const signature = req.headers['x-slack-signature'];
    const retry = req.headers['x-slack-retry-num'];
    if (typeof signature === 'string' && retry === undefined && options.guard.isReplay(signature)) {
      return refuse(req, res, 401, 'replayed request', options);
    }
    return inner(req, res);
  };
}
