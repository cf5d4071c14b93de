/**
 * One loanbot, for real, on loopback: the Slack stand-in, the sandbox Credgenics, and the app started
 * through its normal composition root, configured the way `npm start` is (environment variables),
 * with the lender base URL pointed at the sandbox. Logs are captured so tests can read them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningLoanbot, StartOptions } from '../../src/app.ts';
import type { WritePolicy } from '../../src/domain/write-policy.ts';
import { startCredgenicsSandbox, type CredgenicsSandbox } from '../../dev/sandbox/credgenics/index.ts';
import { startApolloSandbox, type ApolloSandbox } from '../../dev/sandbox/apollo/index.ts';
import { startSlackStandin, type SlackStandin } from '../../dev/slack-standin/index.ts';
import { ALERTS_CHANNEL, APOLLO, APP_TOKEN, BOT_TOKEN, CG_ROLE, CG_TOKEN, SIGNING_SECRET } from '../../dev/kit/constants.ts';
import { bootFromEnv, FAST_WRITES, memoryLog } from '../../dev/kit/boot.ts';
import { loanbotEnv, type SlackMode } from '../../dev/kit/env.ts';
import { waitUntilQuiet, type QuietOptions } from '../../dev/kit/quiet.ts';

export { APOLLO, APP_TOKEN, BOT_TOKEN, CG_ROLE, CG_TOKEN, SIGNING_SECRET } from '../../dev/kit/constants.ts';
export { FAST_WRITES } from '../../dev/kit/boot.ts';
export type { SlackMode } from '../../dev/kit/env.ts';

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
  /** Resolves once nothing happens for a while: no Slack event, no lender request, no write in hand (dev/kit/quiet.ts). */
  waitUntilQuiet(options?: QuietOptions): Promise<void>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  env?: Record<string, string>;
  writePolicy?: Partial<WritePolicy>;
  dataDir?: string;
  /** loanbot's and the sandbox Credgenics' wall clock (today's date, this month); default the real one. */
  now?: () => Date;
  /** Start a sandbox Apollo and configure loanbot for it. Default: no Apollo (its features say so). */
  apollo?: boolean | { tokenTtlSeconds?: number };
  /** How Slack reaches the app: signed HTTP (default), or Socket Mode (`SLACK_APP_TOKEN`, no signing secret). */
  mode?: SlackMode;
  /** Shorter HTTP server timeouts / connection cap than the defaults. */
  httpLimits?: StartOptions['httpLimits'];
  /** Least time between two updates of a bulk batch's message; default FAST_PROGRESS_MS (production: 3 s). */
  bulkProgressGapMs?: number;
  /** When a bulk file's form is acked at the latest, and its reading budget (defaults: src/domain/bulk-file.ts, views/bulk/submit.ts). */
  bulkRead?: StartOptions['bulkRead'];
}

/** Bulk batch messages are updated every 200 ms at most (3 s in production), so a batch's end shows at once. */
export const FAST_PROGRESS_MS = 200;

/**
 * `LOANBOT_E2E_SLACK=socket` (set by the `socket-mode` project in vitest.config.ts) runs a suite's
 * harnesses in Socket Mode; otherwise they use HTTP.
 */
export function defaultSlackMode(): SlackMode {
  return process.env['LOANBOT_E2E_SLACK'] === 'socket' ? 'socket' : 'http';
}
/** Both ways Slack reaches the app, for `describe.each(SLACK_MODES)`. */
export const SLACK_MODES: readonly SlackMode[] = ['http', 'socket'];

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const mode = options.mode ?? defaultSlackMode();
  const slack = await startSlackStandin({ signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN, appToken: APP_TOKEN });
  if (mode === 'socket') slack.useSocketMode();
  // The sandbox's loans are in default this month and the last by its own clock: the same as loanbot's.
  const credgenics = await startCredgenicsSandbox({ authToken: CG_TOKEN, role: CG_ROLE, ...(options.now ? { now: options.now } : {}) });
  const apolloOptions = typeof options.apollo === 'object' ? options.apollo : {};
  const apollo = options.apollo ? await startApolloSandbox({ ...APOLLO, ...apolloOptions }) : undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'loanbot-e2e-'));
  const env = loanbotEnv(
    { slack, credgenics, ...(apollo ? { apollo } : {}), mode, dataDir, alertsChannel: ALERTS_CHANNEL, logLevel: 'debug', credgenicsTimeoutMs: 1_500 },
    options.env,
  );
  const logs: string[] = [];
  const boot = bootFromEnv(env, {
    logLevel: 'debug',
    destination: memoryLog(logs),
    writePolicy: { ...FAST_WRITES, ...options.writePolicy },
    bulkProgressGapMs: options.bulkProgressGapMs ?? FAST_PROGRESS_MS,
    ...(options.now ? { now: options.now } : {}),
    ...(options.httpLimits ? { httpLimits: options.httpLimits } : {}),
    ...(options.bulkRead ? { bulkRead: options.bulkRead } : {}),
  });
  const harness: Harness = {
    slack,
    credgenics,
    apollo,
    app: await boot.start(),
    logs,
    dataDir,
    async restart() {
      await harness.app.stop(2_000);
      harness.app = await boot.start();
      if (mode === 'http') slack.setAppUrl(harness.app.eventsUrl);
    },
    waitUntilQuiet(quiet) {
      return waitUntilQuiet({ slack, lenders: [credgenics, apollo], workers: [harness.app.worker] }, quiet);
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
