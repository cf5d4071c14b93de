/**
 * The sandbox Apollo HTTP server on 127.0.0.1: records every API request, applies injected faults,
 * answers like Apollo's token endpoint and Loan Update API, and shuts down without leaving timers or
 * sockets behind.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { assertTimeZone } from './clock.ts';
import { FaultBook, faultBody } from './faults.ts';
import { BodyTooLargeError, Delays, flattenHeaders, parseBody, readBodyText, send, type Answer } from './http-io.ts';
import { CONTROL_PREFIX, routeControl } from './routes-control.ts';
import { handleUpdate } from './routes-update.ts';
import { LoanStore } from './store.ts';
import { TokenBook } from './tokens.ts';
import type { ApolloEndpoint, ApolloSandbox, Fault, RecordedRequest, StartApolloSandboxOptions } from './types.ts';

export const TOKEN_PATH = '/oauth2/token';
export const UPDATE_PATH = '/v1/loan/update';
const DEFAULT_TIME_ZONE = 'Asia/Kolkata';

function endpointOf(path: string): ApolloEndpoint | 'other' {
  if (path === TOKEN_PATH) return 'token';
  if (path === UPDATE_PATH) return 'update';
  return 'other';
}

/** The answer a fault replaces the real one with, if it does. */
function faultAnswer(fault: Fault | undefined, endpoint: ApolloEndpoint | 'other'): Answer | undefined {
  if (!fault || (fault.status === undefined && fault.body === undefined)) return undefined;
  const status = fault.status ?? 200;
  return { status, body: fault.body ?? faultBody(status, endpoint) };
}

export async function startApolloSandbox(opts: StartApolloSandboxOptions): Promise<ApolloSandbox> {
  const now = opts.now ?? Date.now;
  const timeZone = opts.timeZone ?? DEFAULT_TIME_ZONE;
  assertTimeZone(timeZone);
  const ttl = opts.tokenTtlSeconds ?? 300;
  if (!(Number.isFinite(ttl) && ttl > 0)) throw new TypeError(`tokenTtlSeconds must be > 0, got ${String(ttl)}`);
  const tokens = new TokenBook(opts.clientId, opts.clientSecret, ttl, now);
  const store = new LoanStore(now, timeZone);
  const context = { store, tokens, apiKey: opts.apiKey, partnerTag: opts.partnerTag, now, timeZone };
  const faults = new FaultBook();
  const delays = new Delays();
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  let closing: Promise<void> | undefined;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const target = req.url ?? '/';
    const queryAt = target.indexOf('?');
    const path = queryAt === -1 ? target : target.slice(0, queryAt);
    const query = Object.fromEntries(new URLSearchParams(queryAt === -1 ? '' : target.slice(queryAt)));
    let text: string;
    try {
      text = await readBodyText(req);
    } catch (error) {
      if (error instanceof BodyTooLargeError) send(res, { status: 413, body: { message: error.message } });
      else res.destroy();
      return;
    }
    const body = parseBody(text);
    if (path.startsWith(CONTROL_PREFIX)) {
      send(res, routeControl(sandbox, faults, method, path, body));
      return;
    }

    const endpoint = endpointOf(path);
    const headers = flattenHeaders(req);
    requests.push({ endpoint, method, path, query, headers, body, at: now() });
    const fault = faults.take(method, endpoint);
    if (fault?.delayMs && !(await delays.wait(fault.delayMs, res))) return;
    const replaced = faultAnswer(fault, endpoint);
    if (replaced && fault?.applyThenDelayMs === undefined) {
      send(res, replaced);
      return;
    }
    let answer: Answer;
    if (endpoint === 'token') answer = tokens.handle(method, headers, text);
    else if (endpoint === 'update') answer = handleUpdate(context, { method, query, headers, body });
    else answer = { status: 404, body: { message: 'Not Found' } };
    if (fault?.applyThenDelayMs !== undefined && !(await delays.wait(fault.applyThenDelayMs, res))) return;
    send(res, replaced ?? answer);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, { status: 500, body: { message: 'Internal server error' } });
      else res.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;

  const sandbox: ApolloSandbox = {
    tokenUrl: `${base}${TOKEN_PATH}`,
    updateUrl: `${base}${UPDATE_PATH}`,
    requests,
    tokenRequests: () => requests.filter((request) => request.endpoint === 'token').length,
    setFault: (fault) => faults.set(fault),
    addFault: (fault) => faults.add(fault),
    clearFaults: () => faults.clear(),
    loans: () => store.summaries(),
    loan: (loanId) => store.view(loanId),
    reset: () => {
      store.reset();
      faults.clear();
      requests.length = 0;
    },
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        delays.cancelAll();
        server.close(() => resolve());
        server.closeAllConnections();
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
  return sandbox;
}
