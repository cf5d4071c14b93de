import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSlackStandin, type SlackStandin } from '../../src/slack-standin/index.ts';
import { buildOnce, freePort, startChild, waitForHealthy } from './child-process.ts';
import { visibleText } from './harness.ts';

let slack: SlackStandin;
let dataDir: string;
beforeAll(async () => {
  await buildOnce();
  slack = await startSlackStandin({ signingSecret: 's', botToken: 'xoxb-test' });
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
    const child = startChild({
      LOANBOT_LENDERS: 'sandbox',
      SLACK_BOT_TOKEN: 'xoxb-your-bot-token',
      SLACK_SIGNING_SECRET: 's',
      SLACK_API_URL: slack.apiUrl,
      PORT: String(port),
      LOANBOT_DATA_DIR: dataDir,
    });
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
    const child = startChild({
      LOANBOT_LENDERS: 'sandbox',
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: 's',
      SLACK_API_URL: slack.apiUrl,
      PORT: String(port),
      LOANBOT_DATA_DIR: dataDir,
    });
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
});
