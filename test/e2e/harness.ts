/**
 * One loanbot, for real, on loopback: the Slack stand-in, the sandbox Credgenics, and the app started
 * through its normal composition root, configured the way `npm start` is (environment variables),
 * with the lender base URL pointed at the sandbox. Logs are captured so tests can read them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { startLoanbot, type RunningLoanbot, type StartOptions } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import { startCredgenicsSandbox, type CredgenicsSandbox } from '../../dev/sandbox/credgenics/index.ts';
import { startApolloSandbox, type ApolloSandbox } from '../../dev/sandbox/apollo/index.ts';
import { startSlackStandin, type SlackStandin } from '../../dev/slack-standin/index.ts';
import type { WritePolicy } from '../../src/domain/write-policy.ts';

export const SIGNING_SECRET = 'e2e-signing-secret-0123456789';
export const BOT_TOKEN = 'xoxb-e2e-bot-token';
export const APP_TOKEN = 'xapp-e2e-app-token';
export const CG_TOKEN = 'cg-e2e-auth-token-secret';
export const CG_ROLE = 'collections-agent';
/** The sandbox Apollo's credentials when a harness starts one (`apollo: true`). */
export const APOLLO = { clientId: 'e2e-apollo-client', clientSecret: 'e2e-apollo-secret-0123', apiKey: 'e2e-apollo-api-key-4567', partnerTag: 'LOANBOT-E2E' } as const;

export interface Harness {
  slack: SlackStandin;
  credgenics: CredgenicsSandbox;
  /** The sandbox Apollo, when started with `apollo` (the six APOLLO_* variables point at it); else undefined. */
  apollo: ApolloSandbox | undefined;
  app: RunningLoanbot;
  logs: string[];
  dataDir: string;
  /** Stop loanbot and start it again on the same data dir (the stand-in and the sandbox stay). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  env?: Record<string, string>;
  writePolicy?: Partial<WritePolicy>;
  dataDir?: string;
  now?: () => Date;
  /** Start a sandbox Apollo and configure loanbot for it. Default: no Apollo (its features say so). */
  apollo?: boolean | { tokenTtlSeconds?: number };
  /** How Slack reaches the app: signed HTTP (default), or Socket Mode (`SLACK_APP_TOKEN`, no signing secret). */
  mode?: SlackMode;
  /** Shorter HTTP server timeouts / connection cap than the defaults. */
  httpLimits?: StartOptions['httpLimits'];
}

export type SlackMode = 'http' | 'socket';

/**
 * `LOANBOT_E2E_SLACK=socket` (set by the `socket-mode` project in vitest.config.ts) runs a suite's
 * harnesses in Socket Mode; otherwise they use HTTP.
 */
export function defaultSlackMode(): SlackMode {
  return process.env['LOANBOT_E2E_SLACK'] === 'socket' ? 'socket' : 'http';
}
/** Both ways Slack reaches the app, for `describe.each(SLACK_MODES)`. */
export const SLACK_MODES: readonly SlackMode[] = ['http', 'socket'];

/**
 * One try per run (a failure goes straight to a person), a short settle window (a timed-out payment can
 * be checked 300 ms after it was sent) and a quick poll, so tests wait milliseconds, not minutes.
 */
export const FAST_WRITES: Partial<WritePolicy> = { triesPerRun: 1, backoffMs: () => 10, settleMs: 300, pollMs: 50, leaseMs: 5_000 };

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const mode = options.mode ?? defaultSlackMode();
  const slack = await startSlackStandin({ signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN, appToken: APP_TOKEN });
  if (mode === 'socket') slack.useSocketMode();
  const credgenics = await startCredgenicsSandbox({ authToken: CG_TOKEN, role: CG_ROLE });
  const apolloOptions = typeof options.apollo === 'object' ? options.apollo : {};
  const apollo = options.apollo ? await startApolloSandbox({ ...APOLLO, ...apolloOptions }) : undefined;
  const apolloEnv: Record<string, string> = apollo
    ? {
        APOLLO_TOKEN_URL: apollo.tokenUrl,
        APOLLO_CLIENT_ID: APOLLO.clientId,
        APOLLO_CLIENT_SECRET: APOLLO.clientSecret,
        APOLLO_API_KEY: APOLLO.apiKey,
        APOLLO_PARTNER_TAG: APOLLO.partnerTag,
        APOLLO_UPDATE_URL: apollo.updateUrl,
      }
    : {};
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'loanbot-e2e-'));
  const result = loadConfig({
    SLACK_BOT_TOKEN: BOT_TOKEN,
    ...(mode === 'socket' ? { SLACK_APP_TOKEN: APP_TOKEN } : { SLACK_SIGNING_SECRET: SIGNING_SECRET }),
    SLACK_API_URL: slack.apiUrl,
    PORT: '0',
    CREDGENICS_BASE_URL: credgenics.url,
    CREDGENICS_AUTH_TOKEN: CG_TOKEN,
    CREDGENICS_ROLE: CG_ROLE,
    CREDGENICS_TIMEOUT_MS: '1500',
    LOANBOT_DATA_DIR: dataDir,
    LOANBOT_ALERTS_CHANNEL: 'C0ALERTS',
    LOG_LEVEL: 'debug',
    ...apolloEnv,
    ...options.env,
  });
  if (!result.ok) throw new Error(result.problems.join('\n'));
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const logger = createLogger({ level: 'debug', destination });
  const config = result.config;
  const start = () => startLoanbot(config, { logger, writePolicy: { ...FAST_WRITES, ...options.writePolicy }, ...(options.now ? { now: options.now } : {}), ...(options.httpLimits ? { httpLimits: options.httpLimits } : {}) });
  const harness: Harness = {
    slack,
    credgenics,
    apollo,
    app: await start(),
    logs,
    dataDir,
    async restart() {
      await harness.app.stop(2_000);
      harness.app = await start();
      if (mode === 'http') slack.setAppUrl(harness.app.eventsUrl);
    },
    async close() {
      await harness.app.stop(2_000);
      await credgenics.close();
      await apollo?.close();
      await slack.close();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
  if (mode === 'http') slack.setAppUrl(harness.app.eventsUrl);
  return harness;
}

/** Every text a person would read in a message: its text and its blocks' text. */
export function visibleText(message: { text?: string; blocks?: unknown } | undefined): string {
  if (!message) return '';
  const parts: string[] = [message.text ?? ''];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'text' && typeof value === 'string') parts.push(value);
        else walk(value);
      }
    }
  };
  walk(message.blocks);
  return parts.join('\n');
}
