/**
 * The sandbox Credgenics HTTP server on 127.0.0.1: the generic sandbox server (request recording,
 * fault injection, control endpoints, clean shutdown; see kit/server.ts) configured with
 * Credgenics' routes, store, fault bodies and control endpoints.
 */
import { decodeSegments } from '../kit/http-io.ts';
import { startSandboxServer } from '../kit/server.ts';
import { SandboxClock } from './clock.ts';
import { faultFromJson, pathMatches } from './faults.ts';
import { faultBody } from './responses.ts';
import { routeApi, type Credentials } from './router.ts';
import { controlExtras, controlTarget } from './routes-control.ts';
import { SandboxStore } from './store.ts';
import type { CredgenicsSandbox, StartCredgenicsSandboxOptions } from './types.ts';

const DEFAULT_TIME_ZONE = 'Asia/Kolkata';
const MAX_BODY_BYTES = 5 * 1024 * 1024;

export async function startCredgenicsSandbox(opts: StartCredgenicsSandboxOptions): Promise<CredgenicsSandbox> {
  const clock = new SandboxClock(opts.now ?? (() => new Date()), opts.timeZone ?? DEFAULT_TIME_ZONE);
  const credentials: Credentials = { authToken: opts.authToken, role: opts.role };
  const store = new SandboxStore(clock);

  const server = await startSandboxServer({
    port: opts.port,
    now: () => clock.nowMs(),
    maxBodyBytes: MAX_BODY_BYTES,
    errorBody: (message) => ({ message, output: null }),
    internalErrorMessage: 'Internal Server Error',
    route: ({ method, path, query, body, headers }) => {
      const segments = decodeSegments(path);
      if (segments.length === 0) return { status: 400, body: { message: 'Malformed URL path', output: null } };
      return routeApi(store, credentials, { method, segments, query, body }, headers);
    },
    reset: () => store.reset(),
    faults: { matchPath: pathMatches, fromJson: faultFromJson, bodyFor: faultBody },
    control: { target: controlTarget, extras: controlExtras(store) },
  });

  const { url, requests, setFault, addFault, clearFaults, reset, close } = server;
  return {
    url,
    requests,
    setFault,
    addFault,
    clearFaults,
    loans: () => store.summaries(),
    getRaw: (loanId) => store.view(loanId),
    payments: (loanId) => store.payments(loanId),
    reset,
    close,
  };
}
