/**
 * The sandbox Apollo HTTP server on 127.0.0.1: the generic sandbox server (request recording, fault
 * injection, control endpoints, clean shutdown; see kit/server.ts) configured with Apollo's
 * token endpoint, Loan Update API, loan store, fault bodies and control endpoints.
 */
import { assertTimeZone } from '../kit/clock.ts';
import { startSandboxServer } from '../kit/server.ts';
import type { Answer, SandboxRequest } from '../kit/types.ts';
import { checkEndpoint, faultBody, faultFromJson } from './faults.ts';
import { controlExtras } from './routes-control.ts';
import { handleUpdate, type UpdateContext } from './routes-update.ts';
import { LoanStore } from './store.ts';
import { TokenBook } from './tokens.ts';
import type { ApolloEndpoint, ApolloSandbox, RecordedRequest, StartApolloSandboxOptions } from './types.ts';

export const TOKEN_PATH = '/oauth2/token';
export const UPDATE_PATH = '/v1/loan/update';
const DEFAULT_TIME_ZONE = 'Asia/Kolkata';
const MAX_BODY_BYTES = 1024 * 1024;

function endpointOf(path: string): ApolloEndpoint | 'other' {
  if (path === TOKEN_PATH) return 'token';
  if (path === UPDATE_PATH) return 'update';
  return 'other';
}

function route(context: UpdateContext, request: SandboxRequest): Answer {
  const { method, query, headers, body } = request;
  const endpoint = endpointOf(request.path);
  if (endpoint === 'token') return context.tokens.handle(method, headers, request.text);
  if (endpoint === 'update') return handleUpdate(context, { method, query, headers, body });
  return { status: 404, body: { message: 'Not Found' } };
}

export async function startApolloSandbox(opts: StartApolloSandboxOptions): Promise<ApolloSandbox> {
  const now = opts.now ?? Date.now;
  const timeZone = opts.timeZone ?? DEFAULT_TIME_ZONE;
  assertTimeZone(timeZone);
  const ttl = opts.tokenTtlSeconds ?? 300;
  if (!(Number.isFinite(ttl) && ttl > 0)) throw new TypeError(`tokenTtlSeconds must be > 0, got ${String(ttl)}`);
  const tokens = new TokenBook(opts.clientId, opts.clientSecret, ttl, now);
  const store = new LoanStore(now, timeZone);
  const context: UpdateContext = { store, tokens, apiKey: opts.apiKey, partnerTag: opts.partnerTag, now, timeZone };

  const server = await startSandboxServer({
    port: opts.port,
    now,
    maxBodyBytes: MAX_BODY_BYTES,
    errorBody: (message) => ({ message }),
    internalErrorMessage: 'Internal server error',
    route: (request) => route(context, request),
    record: (request): RecordedRequest => ({ endpoint: endpointOf(request.path), ...request }),
    reset: () => store.reset(),
    faults: {
      matchPath: (endpoint, request) => endpoint === endpointOf(request.path),
      checkPath: checkEndpoint,
      fromJson: faultFromJson,
      bodyFor: (status, request) => faultBody(status, endpointOf(request.path)),
    },
    control: { extras: controlExtras(store) },
  });

  const { url, requests, setFault, addFault, clearFaults, reset, close } = server;
  return {
    tokenUrl: `${url}${TOKEN_PATH}`,
    updateUrl: `${url}${UPDATE_PATH}`,
    requests,
    tokenRequests: () => requests.filter((request) => request.endpoint === 'token').length,
    setFault,
    addFault,
    clearFaults,
    loans: () => store.summaries(),
    loan: (loanId) => store.view(loanId),
    reset,
    close,
  };
}
