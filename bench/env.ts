/**
 * The world the bench runs in, all on 127.0.0.1: the Slack stand-in (with enough agents that every
 * modal flow has its own user), the sandbox Credgenics (with bench loans added through its own Add Loan
 * API), and the settings the app process starts with.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { mkdtempSync, rmSync } from 'node:fs';
import type { IncomingMessage, Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCredgenicsSandbox, type CredgenicsSandbox } from '../dev/sandbox/credgenics/index.ts';
import { defaultWorkspace, startSlackStandin, type SlackStandin, type WorkspaceUser } from '../dev/slack-standin/index.ts';
import type { ChildInit } from './app-process.ts';
import { ALERTS_CHANNEL, BOT_TOKEN, CG_ROLE, CG_TOKEN, SIGNING_SECRET } from '../dev/kit/constants.ts';
import { loanbotEnv } from '../dev/kit/env.ts';

export { ASHA, BOT_TOKEN, CG_ROLE, CG_TOKEN, CHANNEL, SIGNING_SECRET } from '../dev/kit/constants.ts';
export const BENCH_USERS = 1_700;
export const BENCH_LOANS = 1_500;
/** Keep-alive the stand-in's server is given (its own is 1 s): like Slack's API, connections are reused. */
export const SLACK_KEEP_ALIVE_MS = 65_000;

export const userId = (i: number): string => `UB${String(i).padStart(5, '0')}`;
export const loanId = (i: number): string => `BL${String(i).padStart(5, '0')}`;

/** Hands out bench users and loans so that no two flows share a modal stack or (unless asked) a loan. */
export class Pool {
  private nextUser = 0;
  private nextLoan = 0;
  users(n: number): string[] {
    if (this.nextUser + n > BENCH_USERS) throw new Error('bench: out of users');
    return Array.from({ length: n }, () => userId(this.nextUser++));
  }
  loans(n: number): string[] {
    return Array.from({ length: n }, () => loanId(this.nextLoan++ % BENCH_LOANS));
  }
}

/** YYYY-MM-DD `days` ago (UTC): a date of default that is never in the future. */
export function daysAgo(days: number): string {
  return new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
}

function addLoanBody(id: string): Record<string, unknown> {
  return {
    loan_id: id,
    loan_type: 'Personal Loan',
    applicant_name: 'Sunita Devi',
    applicant_contact_number: '9876501234',
    total_loan_amount: 600000,
    loan_tenure: 12,
    emi_amount: 55000,
    applicant_address: [{ applicant_address_type: 'Home', applicant_address_text: '12, Gandhi Nagar, Jaipur', applicant_state: 'Rajasthan', applicant_city: 'Jaipur', applicant_pincode: 302015 }],
    defaults: [
      {
        total_claim_amount: 165000,
        late_fee: 500,
        date_of_default: daysAgo(60),
        expected_emi: 55000,
        default_emi_number: 3,
        settlement_amount: 140000,
        client_amount_recovered: 0,
        principal_outstanding_amount: 480000,
        expected_emi_interest_amount: null,
        expected_emi_principal_amount: 47000,
        other_penalty: null,
      },
    ],
  };
}

export interface World {
  slack: SlackStandin;
  credgenics: CredgenicsSandbox;
  pool: Pool;
  dataDirs: string[];
  appInit(opts?: { logLevel?: string; timeoutMs?: number; autoRetries?: number; databaseUrl?: string }): ChildInit;
  close(): Promise<void>;
}

export async function startWorld(): Promise<World> {
  const extra: WorkspaceUser[] = Array.from({ length: BENCH_USERS }, (_, i) => ({ id: userId(i), name: `agent${i}`, realName: `Bench Agent ${i}` }));
  const slack = await startSlackStandin({
    signingSecret: SIGNING_SECRET,
    botToken: BOT_TOKEN,
    workspace: { users: [...defaultWorkspace().users, ...extra] },
    requestTimeoutMs: 15_000,
  });
  // The stand-in closes idle connections after 1 s, which Node's fetch (undici) reads as "do not reuse": the
  // app's WebClient would open a new TCP connection for every Web API call. Slack keeps them open; so do we.
  const standinPort = Number(new URL(slack.url).port);
  const keepAlive = (m: unknown) => {
    const { request, server } = m as { request: IncomingMessage; server: Server };
    if (request.socket.localPort === standinPort && server.keepAliveTimeout !== SLACK_KEEP_ALIVE_MS) server.keepAliveTimeout = SLACK_KEEP_ALIVE_MS;
  };
  subscribe('http.server.request.start', keepAlive);
  const credgenics = await startCredgenicsSandbox({ authToken: CG_TOKEN, role: CG_ROLE });
  const headers = { authenticationtoken: CG_TOKEN, role: CG_ROLE, 'content-type': 'application/json' };
  for (let start = 0; start < BENCH_LOANS; start += 50) {
    await Promise.all(
      Array.from({ length: Math.min(50, BENCH_LOANS - start) }, async (_, k) => {
        const id = loanId(start + k);
        const res = await fetch(`${credgenics.url}/recovery/loan/${id}`, { method: 'POST', headers, body: JSON.stringify(addLoanBody(id)) });
        if (res.status !== 201) throw new Error(`bench: could not add loan ${id}: ${res.status} ${await res.text()}`);
      }),
    );
  }
  credgenics.requests.length = 0;
  const dataDirs: string[] = [];
  return {
    slack,
    credgenics,
    pool: new Pool(),
    dataDirs,
    appInit(opts = {}) {
      const dir = mkdtempSync(join(tmpdir(), 'loanbot-bench-'));
      dataDirs.push(dir);
      return {
        env: loanbotEnv(
          {
            slack,
            credgenics,
            dataDir: dir,
            ...(opts.databaseUrl ? { databaseUrl: opts.databaseUrl } : {}),
            credgenicsTimeoutMs: opts.timeoutMs ?? 10_000,
            alertsChannel: ALERTS_CHANNEL,
            logLevel: opts.logLevel ?? 'warn',
          },
          // Longer than the failure runs' "applied, then answered after 2.5 s": nothing is reconciled before it lands.
          { LOANBOT_SETTLE_WINDOW_MS: '3000', LOANBOT_LEASE_MS: '5000' },
        ),
        logLevel: opts.logLevel ?? 'warn',
        autoRetries: opts.autoRetries ?? 0,
        backoffMs: 50,
      };
    },
    async close() {
      unsubscribe('http.server.request.start', keepAlive);
      await credgenics.close();
      await slack.close();
      for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
    },
  };
}
