import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlackStandin, type SlackStandin } from '../../dev/slack-standin/index.ts';
import { ROOT, freePort, waitForHealthy } from './child-process.ts';

let slack: SlackStandin;
let dataDir: string;
beforeAll(async () => {
  slack = await startSlackStandin({ signingSecret: 's', botToken: 'xoxb-test' });
  dataDir = mkdtempSync(join(tmpdir(), 'loanbot-npm-start-'));
});
afterAll(async () => {
  await slack.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('npm start', { timeout: 60_000 }, () => {
  it('passes SIGTERM on to node (the script execs it): loanbot finishes, flushes its logs and npm exits 0', async () => {
    const port = await freePort();
    const npm = spawn('npm', ['start', '--silent'], {
      cwd: ROOT,
      env: {
        PATH: process.env['PATH'] ?? '',
        HOME: process.env['HOME'] ?? '',
        LOANBOT_LENDERS: 'sandbox',
        SLACK_BOT_TOKEN: 'xoxb-test',
        SLACK_SIGNING_SECRET: 's',
        SLACK_API_URL: slack.apiUrl,
        PORT: String(port),
        LOANBOT_DATA_DIR: dataDir,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: string[] = [];
    npm.stdout.on('data', (chunk: Buffer) => out.push(chunk.toString()));
    npm.stderr.on('data', (chunk: Buffer) => out.push(chunk.toString()));
    const exited = new Promise<number | null>((resolve) => npm.on('exit', (code) => resolve(code)));
    try {
      await waitForHealthy(port);
      npm.kill('SIGTERM');
      expect(await exited).toBe(0);
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
