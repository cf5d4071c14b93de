/**
 * Starts loanbot for the shell, in this process: the Slack stand-in on loopback, then the real app through
 * its composition root, configured like `npm start` but with sandbox lenders. The user's environment is not
 * read (a `.env` never leaks in); the app logs into memory.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLoanbot, type RunningLoanbot } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import type { CredgenicsSandbox } from '../sandbox/credgenics/index.ts';
import { createLogger } from '../../src/log.ts';
import { startSlackStandin, type SlackStandin } from '../slack-standin/index.ts';
import { LogBuffer } from './logs.ts';
import { SHELL_SETTLE_WINDOW_MS } from './settle-window.ts';

/** What the shell needs of a sandbox lender: its faults and the requests it received. */
export interface SandboxLender {
  setFault(fault: { status?: number; delayMs?: number } | null): void;
  addFault(fault: { status?: number; delayMs?: number; match?: { method?: string } }): void;
  clearFaults(): void;
  requests: ReadonlyArray<{ at: number }>;
}

export interface Booted {
  standin: SlackStandin;
  running: RunningLoanbot;
  credgenics: CredgenicsSandbox;
  /** Every sandbox lender the app started, by name (credgenics, apollo…). */
  lenders: Record<string, SandboxLender>;
  logs: LogBuffer;
  stop(): Promise<void>;
}

export const ALERTS_CHANNEL = 'C0ALERTS';

/** LOANBOT_VIEWERS/AGENTS/SUPERVISORS from the roles the stand-in's workspace gives its users. */
function roleLists(standin: SlackStandin): Record<string, string> {
  const ids = (role: string) => standin.workspace.users.filter((u) => u.role === role).map((u) => u.id).join(',');
  return { LOANBOT_VIEWERS: ids('viewer'), LOANBOT_AGENTS: ids('agent'), LOANBOT_SUPERVISORS: ids('supervisor') };
}

export async function bootLoanbot(): Promise<Booted> {
  const signingSecret = randomBytes(16).toString('hex');
  const botToken = `xoxb-shell-${randomBytes(8).toString('hex')}`;
  const logs = new LogBuffer();
  const standin = await startSlackStandin({
    signingSecret,
    botToken,
    log: (msg, extra) => logs.note(msg, 20, { ...(extra ?? {}), component: 'slack-standin' }),
  });
  const dataDir = mkdtempSync(join(tmpdir(), 'loanbot-shell-'));
  const cleanup = async (): Promise<void> => {
    await standin.close().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const result = loadConfig({
      SLACK_BOT_TOKEN: botToken,
      SLACK_SIGNING_SECRET: signingSecret,
      SLACK_API_URL: standin.apiUrl,
      PORT: '0',
      LOANBOT_LENDERS: 'sandbox',
      LOANBOT_DATA_DIR: dataDir,
      LOANBOT_ALERTS_CHANNEL: ALERTS_CHANNEL,
      LOG_LEVEL: 'debug',
      // A short settle window, so a failed write's next step comes while someone watches (settle-window.ts).
      LOANBOT_SETTLE_WINDOW_MS: String(SHELL_SETTLE_WINDOW_MS),
      // The sandbox workspace's users hold the roles the shell says they do (`as @ravi` is a viewer, …).
      ...roleLists(standin),
    });
    if (!result.ok) throw new Error(`loanbot's configuration was refused:\n  ${result.problems.join('\n  ')}`);
    const logger = createLogger({ level: result.config.logLevel, destination: logs.stream });
    const running = await startLoanbot(result.config, { logger });
    const credgenics = running.sandbox?.credgenics;
    if (!credgenics) {
      await running.stop(1000);
      throw new Error('loanbot started without its sandbox lenders');
    }
    standin.setAppUrl(running.eventsUrl);
    const lenders: Record<string, SandboxLender> = {};
    for (const [name, lender] of Object.entries(running.sandbox ?? {})) if (lender) lenders[name] = lender as SandboxLender;
    let stopped = false;
    return {
      standin,
      running,
      credgenics,
      lenders,
      logs,
      async stop() {
        if (stopped) return;
        stopped = true;
        // Automatic write retries may be sleeping for a minute: give in-flight work a moment, not forever.
        await running.stop(1500).catch(() => undefined);
        await cleanup();
      },
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
