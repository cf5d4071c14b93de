/** Shared helpers for the Apollo tests: a sandbox, a client pointed at it, and logs captured as text. */
import { createApolloClient, type ApolloClient } from '../../src/lenders/apollo/client.ts';
import {
  startApolloSandbox,
  type ApolloSandbox,
  type StartApolloSandboxOptions,
} from '../../dev/sandbox/apollo/index.ts';
import type { ApolloUpdateBody } from '../../src/domain/apollo-rules.ts';
import { createLogger } from '../../src/log.ts';
import { call, type Answer } from '../../dev/kit/http.ts';

export const CLIENT_ID = 'loanbot-client-3c1f';
export const CLIENT_SECRET = 'very-secret-9d2e7a';
export const API_KEY = 'apikey-51b0c8e2';
export const PARTNER_TAG = 'LOANBOT';

/** 20 Nov 2026, 10:00 in India. */
export const NOW = Date.parse('2026-11-20T10:00:00+05:30');

export function startSandbox(opts: Partial<StartApolloSandboxOptions> = {}): Promise<ApolloSandbox> {
  return startApolloSandbox({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    apiKey: API_KEY,
    partnerTag: PARTNER_TAG,
    now: () => NOW,
    ...opts,
  });
}

/** Every log line the client wrote, as text. */
export class LogCapture {
  readonly lines: string[] = [];
  readonly logger = createLogger({ level: 'debug', destination: { write: (line: string) => void this.lines.push(line) } });

  get text(): string {
    return this.lines.join('');
  }
}

export interface ClientOverrides {
  clientSecret?: string;
  apiKey?: string;
  partnerTag?: string;
  timeoutMs?: number;
  now?: () => number;
  updateMethod?: 'PATCH' | 'POST' | 'PUT';
  updateUrl?: string;
  logs?: LogCapture;
}

export function clientFor(sandbox: ApolloSandbox, o: ClientOverrides = {}): ApolloClient {
  return createApolloClient({
    tokenUrl: sandbox.tokenUrl,
    clientId: CLIENT_ID,
    clientSecret: o.clientSecret ?? CLIENT_SECRET,
    apiKey: o.apiKey ?? API_KEY,
    partnerTag: o.partnerTag ?? PARTNER_TAG,
    updateUrl: o.updateUrl ?? sandbox.updateUrl,
    updateMethod: o.updateMethod ?? 'PATCH',
    timeoutMs: o.timeoutMs ?? 5000,
    logger: (o.logs ?? new LogCapture()).logger,
    ...(o.now ? { now: o.now } : {}),
  });
}

/** A PL body Apollo accepts for a loan created on NOW (disbursement 21/11/2026, first EMI 21/12/2026). */
export function plBody(partnerTag = PARTNER_TAG): ApolloUpdateBody {
  return {
    partner_tag: partnerTag,
    loan_type: 'PL',
    loan_information: { disbursement_date: '21/11/2026', first_emi_date: '21/12/2026' },
  };
}

export const updates = (sandbox: ApolloSandbox) => sandbox.requests.filter((r) => r.endpoint === 'update');

/** A raw call to the sandbox (no client): for its own tests. PATCH unless told. */
export function raw(url: string, init: { method?: string; headers?: Record<string, string>; body?: unknown } = {}): Promise<Answer> {
  return call(url, { ...init, method: init.method ?? 'PATCH' });
}

/** A valid token from the sandbox. */
export async function tokenFrom(sandbox: ApolloSandbox): Promise<string> {
  const basic = Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64');
  const answer = await raw(sandbox.tokenUrl, {
    method: 'POST',
    headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials&scope=',
  });
  return answer.json.access_token as string;
}
