import { execFileSync, spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSlackStandin, type SlackStandin } from '../../dev/slack-standin/index.ts';
import { ROOT, buildOnce, freePort, startChild, waitForHealthy } from '../../dev/kit/child.ts';
import { visibleText } from './harness.ts';
import { BOT_TOKEN, SIGNING_SECRET } from '../../dev/kit/constants.ts';
import { loanbotEnv } from '../../dev/kit/env.ts';

/** The live processes of one process group (pid and command line; zombies left for init do not count), from ps. */
function groupProcesses(pgid: number): Array<{ pid: number; args: string }> {
  return execFileSync('ps', ['-e', '-o', 'pid=,pgid=,stat=,args='], { encoding: 'utf8' })
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(\S+)\s+(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null && Number(m[2]) === pgid && !m[3]?.startsWith('Z'))
    .map((m) => ({ pid: Number(m[1]), args: m[4] ?? '' }));
}

let slack: SlackStandin;
let dataDir: string;

/** loanbot with its sandbox lenders, on this port, against the stand-in. */
const sandboxEnv = (port: number, extra: Record<string, string> = {}) => loanbotEnv({ slack, port, dataDir }, extra);

/** `npm start` (its prestart builds the bundle) with the sandbox environment; `detached`: in a process group of its own. */
function npmStart(port: number, detached: boolean) {
  const npm = spawn('npm', ['start', '--silent'], {
    cwd: ROOT,
    detached,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...sandboxEnv(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out: string[] = [];
  npm.stdout.on('data', (chunk: Buffer) => out.push(chunk.toString()));
  npm.stderr.on('data', (chunk: Buffer) => out.push(chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => npm.on('exit', (code, signal) => resolve({ code, signal })));
  return { npm, out, exited };
}

beforeAll(async () => {
  await buildOnce();
  slack = await startSlackStandin({ signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN });
  dataDir = mkdtempSync(join(tmpdir(), 'loanbot-process-'));
});
afterAll(async () => {
  await slack.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the process (npm start)', { timeout: 60_000 }, () => {
  it('exits non-zero before listening, naming every missing variable', async () => {
    const child = startChild({});
    const { code } = await child.exited;
    expect(code).not.toBe(0);
    const message = child.stderr.join('');
    for (const name of ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'CREDGENICS_AUTH_TOKEN', 'CREDGENICS_ROLE']) {
      expect(message).toContain(name);
    }
  });

  it('stops the start, naming SLACK_BOT_TOKEN, when Slack refuses the bot token (auth.test)', async () => {
    const port = await freePort();
    const child = startChild(sandboxEnv(port, { SLACK_BOT_TOKEN: 'xoxb-your-bot-token' }));
    try {
      const { code } = await child.exited;
      expect(code).not.toBe(0);
      const message = child.stderr.join('');
      expect(message).toContain('SLACK_BOT_TOKEN');
      expect(message).toContain('invalid_auth');
      expect(child.stdout.join('')).not.toContain('loanbot is ready');
      expect(slack.calls.filter((c) => c.method === 'auth.test').length).toBeGreaterThan(0);
    } finally {
      child.process.kill('SIGKILL');
    }
  });

  it('in sandbox mode serves /healthz, answers a signed /loan with a summary, and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const child = startChild(sandboxEnv(port));
    try {
      expect(await waitForHealthy(port)).toMatchObject({ ok: true, lenders: 'sandbox' });
      slack.setAppUrl(`http://127.0.0.1:${port}/slack/events`);
      const ack = await slack.slashCommand({ text: '1001' });
      expect(ack.status).toBe(200);
      const summary = await slack.waitForMessage('C0COLLECT', /Keval Gor/, { timeoutMs: 8000 });
      expect(visibleText(summary)).toContain('Sandbox lenders');
      child.process.kill('SIGTERM');
      const { code } = await child.exited;
      expect(code).toBe(0);
      expect(child.stdout.join('')).toContain('"msg":"stopped"');
    } finally {
      child.process.kill('SIGKILL');
    }
  });

  it('npm start: SIGTERM to its process group (what a process manager signals) stops node gracefully, nothing left running', async () => {
    const port = await freePort();
    // npm start as a service runs it: in a process group of its own, which the manager signals as a whole.
    const { npm, out, exited } = npmStart(port, true);
    const group = npm.pid ?? 0;
    try {
      await waitForHealthy(port);
      const nodePid = groupProcesses(group).find((p) => p.args.includes('dist/main.js') && !p.args.includes('esbuild'))?.pid ?? 0;
      expect(nodePid, JSON.stringify(groupProcesses(group))).toBeGreaterThan(0);
      expect(nodePid).not.toBe(group); // npm start does not exec node: signalling only npm would leave it running

      process.kill(-group, 'SIGTERM');
      const npmExit = await exited;
      for (let waited = 0; waited < 12_000 && groupProcesses(group).length > 0; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
      await new Promise((resolve) => setTimeout(resolve, 100)); // the last bytes of node's stdout
      expect(groupProcesses(group)).toEqual([]); // node (and npm's shell) are gone
      expect(out.join('')).toContain('"msg":"stopped"'); // node went through its graceful stop, which exits 0
      // npm itself ends by the signal (or 0); what matters is that node finished its work and exited 0.
      expect([{ code: 0, signal: null }, { code: null, signal: 'SIGTERM' }]).toContainEqual(npmExit);
    } finally {
      try {
        process.kill(-group, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  });

  it('npm start passes SIGTERM on to node (the script execs it): loanbot finishes, flushes its logs and npm exits 0', async () => {
    const port = await freePort();
    const { npm, out, exited } = npmStart(port, false);
    try {
      await waitForHealthy(port);
      npm.kill('SIGTERM');
      expect((await exited).code).toBe(0);
      const logs = out.join('');
      expect(logs).toContain('"signal":"SIGTERM"');
      expect(logs).toContain('"msg":"stopped"');
      // Nothing is left listening.
      await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
    } finally {
      npm.kill('SIGKILL');
    }
  });
});
