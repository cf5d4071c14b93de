/**
 * In front of Bolt's HTTPReceiver: every POST is checked here before any listener (or Bolt itself) sees it.
 *
 * 1. Headers first, cheaply: `X-Slack-Request-Timestamp` is a number of seconds less than five minutes from
 *    now, either way (Bolt only checks the past; exactly five minutes is refused), and `X-Slack-Signature`
 *    is `v0=` and 64 hex digits. Anything else (missing, repeated, 16 KB long) is refused with 401 before
 *    the body is read.
 * 2. The body is read up to `bodyLimit` bytes (413 beyond it, declared or streamed) and the HMAC is checked.
 *    Only a request signed with our secret goes further: nothing about unsigned requests is remembered.
 * 3. The body must be what Bolt can read without throwing: a JSON object, or a form whose `payload` is a
 *    JSON object naming its user (a signed `payload=null` used to crash the process). Else 400.
 * 4. Replays: a digest of the body is remembered until a minute after the signature expires. A second copy
 *    is refused with 401; a copy carrying `X-Slack-Retry-Num` (Slack retrying one we already took, or
 *    someone saying so: the header is not signed) is acked with an empty 200 and goes no further, so no
 *    work runs twice. When the memory cannot answer (the store is down), the request is answered 503, the
 *    server's fault as Slack reads it, and reported through `onStoreError`, never as a refused request.
 *
 * The body read here is handed to Bolt as `rawBody`, which Bolt uses instead of reading the stream again.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import { BodyAbortedError, BodyTooLargeError, readBody } from './read-body.ts';
import type { ReplayMemory } from './replay-memory.ts';

/** A request is taken while its timestamp is less than this far from now, either way (never at it). */
const WINDOW_SECONDS = 5 * 60;
/**
 * A request is remembered for a minute past the window: an instance (or a database) whose clock is a
 * little behind the one that took it still finds it, so no copy is taken twice at the window's edge.
 */
const REMEMBERED_SECONDS = WINDOW_SECONDS + 60;
const SIGNATURE = /^v0=[0-9a-f]{64}$/;
const TIMESTAMP = /^\d{1,12}$/;

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

export interface GuardOptions {
  signingSecret: string;
  memory: ReplayMemory;
  /** Largest body accepted, in bytes. */
  bodyLimit: number;
  nowMs?: () => number;
  onRefused: (req: IncomingMessage, why: string) => void;
  /** The replay memory (the store) failed: the request was answered 503. */
  onStoreError: (req: IncomingMessage, error: unknown) => void;
  /** A copy of a request already served, acked without doing anything (a Slack retry, or a replay claiming to be one). */
  onRetryAcked?: (req: IncomingMessage) => void;
}

class Refusal extends Error {
  constructor(
    readonly status: number,
    why: string,
  ) {
    super(why);
  }
}

function single(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
}

/** The body, or a Refusal: 413 past the limit, 400 when the client hung up mid-body. */
async function readBodyOrRefuse(req: IncomingMessage, limit: number): Promise<Buffer> {
  try {
    return await readBody(req, limit);
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw new Refusal(413, 'request body too large');
    if (error instanceof BodyAbortedError) throw new Refusal(400, 'request aborted');
    throw error;
  }
}

function signatureMatches(secret: string, timestamp: string, body: Buffer, signature: string): boolean {
  const expected = Buffer.from(`v0=${createHmac('sha256', secret).update(`v0:${timestamp}:`).update(body).digest('hex')}`);
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

const isObject = (value: unknown): boolean => typeof value === 'object' && value !== null && !Array.isArray(value);

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

const hasUser = (payload: unknown): boolean => {
  const user = (payload as { user?: unknown }).user;
  return isObject(user) && typeof (user as { id?: unknown }).id === 'string' && (user as { id: string }).id !== '';
};

/**
 * True when Bolt can parse this body into an object (it reads `body.ssl_check`, `body.type`… straight
 * away) and, for a command or an interaction, it names the person (Bolt reads `body.user.id` before any
 * middleware runs, and throws without it).
 */
function readableByBolt(contentType: string | undefined, body: Buffer): boolean {
  const text = body.toString('utf8');
  if (contentType === 'application/x-www-form-urlencoded') {
    const form = parseQuery(text);
    const payload = form['payload'];
    if (payload === undefined) return form['command'] === undefined || (typeof form['user_id'] === 'string' && form['user_id'] !== '');
    const parsed = typeof payload === 'string' ? parseJson(payload) : undefined;
    return isObject(parsed) && hasUser(parsed);
  }
  return isObject(parseJson(text));
}

function checkHeaders(req: IncomingMessage, nowSeconds: number): { timestamp: string; signature: string } {
  const timestamp = single(req, 'x-slack-request-timestamp');
  const signature = single(req, 'x-slack-signature');
  if (!timestamp || !signature || !TIMESTAMP.test(timestamp) || !SIGNATURE.test(signature)) {
    throw new Refusal(401, 'missing or malformed signature headers');
  }
  if (Math.abs(nowSeconds - Number(timestamp)) >= WINDOW_SECONDS) throw new Refusal(401, 'stale or future timestamp');
  return { timestamp, signature };
}

/** Wrap a receiver's request listener (see the top of this file for what is refused and how). */
export function guardSlackRequests(inner: Listener, options: GuardOptions): Listener {
  const nowMs = options.nowMs ?? Date.now;
  const refuse = (req: IncomingMessage, res: ServerResponse, refusal: Refusal) => {
    options.onRefused(req, refusal.message);
    res.writeHead(refusal.status, { 'content-type': 'text/plain', connection: 'close' });
    res.end(refusal.message);
    req.resume();
  };

  const check = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const { timestamp, signature } = checkHeaders(req, Math.floor(nowMs() / 1000));
    if (Number(req.headers['content-length'] ?? 0) > options.bodyLimit) throw new Refusal(413, 'request body too large');
    const body = await readBodyOrRefuse(req, options.bodyLimit);
    if (!signatureMatches(options.signingSecret, timestamp, body, signature)) throw new Refusal(401, 'bad signature');
    if (!readableByBolt(req.headers['content-type'], body)) throw new Refusal(400, 'unreadable body');

    const key = createHash('sha256').update(body).digest('hex');
    let fresh: boolean;
    try {
      fresh = await options.memory.remember(key, (Number(timestamp) + REMEMBERED_SECONDS) * 1000);
    } catch (error) {
      options.onStoreError(req, error);
      res.writeHead(503, { 'content-type': 'text/plain', 'retry-after': '5' });
      res.end('the store is unavailable');
      return;
    }
    if (!fresh) {
      if (req.headers['x-slack-retry-num'] === undefined) throw new Refusal(401, 'replayed request');
      options.onRetryAcked?.(req);
      res.writeHead(200);
      res.end();
      return;
    }
    (req as IncomingMessage & { rawBody?: Buffer }).rawBody = body;
    inner(req, res);
  };

  return (req, res) => {
    if (req.method !== 'POST') return inner(req, res);
    check(req, res).catch((error: unknown) => {
      if (res.headersSent) return;
      refuse(req, res, error instanceof Refusal ? error : new Refusal(400, 'unreadable request'));
    });
  };
}
