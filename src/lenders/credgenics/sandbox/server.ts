/**
 * The sandbox Credgenics HTTP server on 127.0.0.1: records every API request, applies
 * injected faults, answers like Credgenics, and shuts down without leaving timers or
 * sockets behind.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { SandboxClock } from './clock.ts';
import { FaultBook } from './faults.ts';
import { BodyTooLargeError, Delays, flattenHeaders, parseBody, readBodyText, send } from './http-io.ts';
import { faultBody, type ApiResponse } from './responses.ts';
import { routeApi, type Credentials } from './router.ts';
import { CONTROL_PREFIX, routeControl } from './routes-control.ts';
import { SandboxStore } from './store.ts';
import type { CredgenicsSandbox, Fault, RecordedRequest, StartCredgenicsSandboxOptions } from './types.ts';

const DEFAULT_TIME_ZONE = 'Asia/Kolkata';

/** The answer a fault replaces the real one with, if it does. */
function faultAnswer(fault: Fault | undefined): ApiResponse | undefined {
  if (!fault || (fault.status === undefined && fault.body === undefined)) return undefined;
  const status = fault.status ?? 200;
  return { status, body: fault.body ?? faultBody(status) };
}

export async function startCredgenicsSandbox(opts: StartCredgenicsSandboxOptions): Promise<CredgenicsSandbox> {
  const clock = new SandboxClock(opts.now ?? (() => new Date()), opts.timeZone ?? DEFAULT_TIME_ZONE);
  const credentials: Credentials = { authToken: opts.authToken, role: opts.role };
  const store = new SandboxStore(clock);
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
    const search = queryAt === -1 ? '' : target.slice(queryAt);
    const query = Object.fromEntries(new URLSearchParams(search));
    let text: string;
    try {
      text = await readBodyText(req);
    } catch (error) {
      if (error instanceof BodyTooLargeError) send(res, 413, { message: error.message, output: null });
      else res.destroy();
      return;
    }
    const body = parseBody(text);
    let segments: string[];
    try {
      segments = path.split('/').slice(1).map((segment) => decodeURIComponent(segment));
    } catch {
      segments = [];
    }

    if (path.startsWith(CONTROL_PREFIX)) {
      const answer = routeControl(sandbox, faults, method, segments, body);
      send(res, answer.status, answer.body);
      return;
    }

    const headers = flattenHeaders(req);
    requests.push({ method, path, query, headers, body, at: clock.nowMs() });
    const fault = faults.take(method, path, search);
    if (fault?.delayMs) {
      // The client may give up meanwhile: then the request is never processed.
      if (!(await delays.wait(fault.delayMs, res))) return;
    }
    const replaced = faultAnswer(fault);
    if (replaced && fault?.applyThenDelayMs === undefined) {
      send(res, replaced.status, replaced.body);
      return;
    }
    const answer =
      segments.length === 0
        ? { status: 400, body: { message: 'Malformed URL path', output: null } }
        : routeApi(store, credentials, { method, segments, query, body }, headers);
    if (fault?.applyThenDelayMs !== undefined) {
      if (!(await delays.wait(fault.applyThenDelayMs, res))) return;
    }
    const final = replaced ?? answer;
    send(res, final.status, final.body);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, { message: 'Internal Server Error', output: null });
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

  const sandbox: CredgenicsSandbox = {
    url: `http://127.0.0.1:${port}`,
    requests,
    setFault: (fault) => faults.set(fault),
    addFault: (fault) => faults.add(fault),
    clearFaults: () => faults.clear(),
    loans: () => store.summaries(),
    getRaw: (loanId) => store.view(loanId),
    payments: (loanId) => store.payments(loanId),
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
