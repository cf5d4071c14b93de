/**
 * Starts loanbot for the shell, in this process: the Slack stand-in on loopback, then the real app through
 * its composition root (the kit's boot, dev/kit/), configured like `npm start` but with sandbox lenders. The user's environment is not
 * read (a `.env` never leaks in); the app logs into memory.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningLoanbot } from '../../src/app.ts';
import type { CredgenicsSandbox } from '../sandbox/credgenics/index.ts';
import { bootFromEnv } from '../kit/boot.ts';
import { ALERTS_CHANNEL } from '../kit/constants.ts';
import { loanbotEnv } from '../kit/env.ts';
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
    // No lender named: the app starts its sandbox lenders (LOANBOT_LENDERS=sandbox).
    const env = loanbotEnv(
      { slack: standin, signingSecret, botToken, dataDir, alertsChannel: ALERTS_CHANNEL, logLevel: 'debug' },
      {
        // A short settle window, so a failed write's next step comes while someone watches (settle-window.ts).
        LOANBOT_SETTLE_WINDOW_MS: String(SHELL_SETTLE_WINDOW_MS),
        // The sandbox workspace's users hold the roles the shell says they do (`as @ravi` is a viewer, …).
        ...roleLists(standin),
      },
    );
    const running = await bootFromEnv(env, { destination: logs.stream }).start();
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
