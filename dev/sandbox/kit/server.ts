/**
 * A small sandbox HTTP server on 127.0.0.1 that each lender's sandbox configures with its own
 * routes and store: it reads every request, answers the `/__sandbox/` control endpoints, records
 * API requests, applies injected faults (status, body, delay, "applied, then timed out"), and
 * shuts down without leaving timers or sockets behind.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { CONTROL_PREFIX, controlTarget, routeControl, type ControlExtras, type ControlTarget } from './control.ts';
import { faultAnswer, FaultBook, type PathCheck, type PathMatcher } from './faults.ts';
import { BodyTooLargeError, Delays, flattenHeaders, parseBody, readBodyText, send } from './http-io.ts';
import type { Answer, Checked, Fault, RecordedRequest, SandboxRequest } from './types.ts';

export interface SandboxServerOptions<P, R extends RecordedRequest> {
  /** Port to listen on; default 0 (an ephemeral port). Always bound to 127.0.0.1. */
  port?: number;
  /** Epoch ms for `RecordedRequest.at`. */
  now: () => number;
  /** Larger request bodies are answered 413. */
  maxBodyBytes: number;
  /** The body of the sandbox's own errors: 413 (body too large) and 500 (`internalErrorMessage`). */
  errorBody: (message: string) => unknown;
  internalErrorMessage: string;
  /** Answer one API request (not a control request). */
  route: (request: SandboxRequest) => Answer;
  /** The record kept of a request; default the RecordedRequest itself. */
  record?: (request: RecordedRequest) => R;
  /** Back to the seed (faults and recorded requests are cleared by the server). */
  reset: () => void;
  faults: {
    matchPath: PathMatcher<P>;
    checkPath?: PathCheck<P>;
    /** A Fault from the JSON of `POST /__sandbox/faults`. */
    fromJson: (body: unknown) => Checked<Fault<P>>;
    /** The body of a fault that gives a status but no body. */
    bodyFor: (status: number, request: SandboxRequest) => unknown;
  };
  control?: {
    /** How a control path reads; default `controlTarget` (the name as is, the argument URL-decoded). */
    target?: (path: string) => ControlTarget | Answer;
    extras?: ControlExtras;
  };
}

export interface SandboxServer<P, R> {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:PORT. */
  url: string;
  /** Every API request received, oldest first (control endpoints are not recorded). Cleared in place by reset(). */
  requests: R[];
  setFault(fault: Fault<P> | null): void;
  addFault(fault: Fault<P>): void;
  clearFaults(): void;
  /** Back to the seed, no faults, requests cleared. */
  reset(): void;
  /** Stop listening, cancel pending delays and destroy open sockets. */
  close(): Promise<void>;
}

export async function startSandboxServer<P, R extends RecordedRequest>(
  opts: SandboxServerOptions<P, R>,
): Promise<SandboxServer<P, R>> {
  const faults = new FaultBook<P>(opts.faults.matchPath, opts.faults.checkPath);
  const toRecord = opts.record ?? ((request: RecordedRequest) => request as R);
  const readControlTarget = opts.control?.target ?? controlTarget;
  const delays = new Delays();
  const requests: R[] = [];
  const sockets = new Set<Socket>();
  let closing: Promise<void> | undefined;

  const reset = (): void => {
    opts.reset();
    faults.clear();
    requests.length = 0;
  };
  const control = { faults, parseFault: opts.faults.fromJson, requests, reset, extras: opts.control?.extras };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const target = req.url ?? '/';
    const queryAt = target.indexOf('?');
    const path = queryAt === -1 ? target : target.slice(0, queryAt);
    const search = queryAt === -1 ? '' : target.slice(queryAt);
    const query = Object.fromEntries(new URLSearchParams(search));
    let text: string;
    try {
      text = await readBodyText(req, opts.maxBodyBytes);
    } catch (error) {
      if (error instanceof BodyTooLargeError) send(res, { status: 413, body: opts.errorBody(error.message) });
      else res.destroy();
      return;
    }
    const body = parseBody(text);
    if (path.startsWith(CONTROL_PREFIX)) {
      send(res, routeControl(control, method, readControlTarget(path), body));
      return;
    }

    const headers = flattenHeaders(req);
    const request: SandboxRequest = { method, path, search, query, headers, body, text };
    requests.push(toRecord({ method, path, query, headers, body, at: opts.now() }));
    const fault = faults.take(request);
    // The client may give up meanwhile: then the request is never processed.
    if (fault?.delayMs && !(await delays.wait(fault.delayMs, res))) return;
    if (fault?.hangUp !== undefined) {
      if (fault.hangUp === 'applied') opts.route(request);
      res.socket?.destroy(); // the connection drops after the body went out: no answer
      return;
    }
    if (fault?.applyAfterAnswerMs !== undefined) {
      send(res, faultAnswer(fault, (status) => opts.faults.bodyFor(status, request)) ?? { status: 504, body: {} });
      setTimeout(() => {
        if (!closing) opts.route(request);
      }, fault.applyAfterAnswerMs).unref();
      return;
    }
    if (fault?.applyLateMs !== undefined) {
      // Processed after the hold even if the client hung up: the write lands late.
      await new Promise((resolve) => setTimeout(resolve, fault.applyLateMs).unref());
      if (closing) return;
      const late = opts.route(request);
      if (!res.destroyed && !res.writableEnded) send(res, faultAnswer(fault, (status) => opts.faults.bodyFor(status, request)) ?? late);
      return;
    }
    const replaced = faultAnswer(fault, (status) => opts.faults.bodyFor(status, request));
    if (replaced && fault?.applyThenDelayMs === undefined) {
      send(res, replaced);
      return;
    }
    const answer = opts.route(request);
    if (fault?.applyThenDelayMs !== undefined && !(await delays.wait(fault.applyThenDelayMs, res))) return;
    send(res, replaced ?? answer);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, { status: 500, body: opts.errorBody(opts.internalErrorMessage) });
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

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    setFault: (fault) => faults.set(fault),
    addFault: (fault) => faults.add(fault),
    clearFaults: () => faults.clear(),
    reset,
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
}
