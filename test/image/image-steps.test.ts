import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlackStandin, type SlackStandin } from '../../dev/slack-standin/index.ts';
import { freePort } from '../../dev/kit/child.ts';
import { visibleText } from '../e2e/harness.ts';
import { buildImageOnHost, healthcheck, runAsImageUser, type BuiltImage } from './image-steps.ts';

// `npm test` copies the checkout's node_modules for the `npm ci` step (seconds); `npm run check:image`
// sets LOANBOT_IMAGE_STEPS=npm-ci and runs `npm ci` as written (minutes, when better-sqlite3 compiles).
const npmCi = process.env['LOANBOT_IMAGE_STEPS'] === 'npm-ci';
const APP_TOKEN = 'xapp-image-test';
const BOT_TOKEN = 'xoxb-image-test';

let image: BuiltImage;
let slack: SlackStandin;
beforeAll(async () => {
  image = buildImageOnHost({ npmCi });
  slack = await startSlackStandin({ signingSecret: 'unused', botToken: BOT_TOKEN, appToken: APP_TOKEN });
  slack.useSocketMode();
}, npmCi ? 900_000 : 120_000);
afterAll(async () => {
  await slack?.close();
  image?.remove();
}, 60_000);

describe(`the image's steps on the host (${npmCi ? 'npm ci as written' : 'node_modules copied for npm ci'})`, () => {
  it('ships the bundle and only the runtime dependencies', () => {
    const modules = join(image.appDir, 'node_modules');
    for (const runtime of ['@slack/bolt', '@slack/socket-mode', 'better-sqlite3', 'prom-client', 'pino', 'got', 'zod']) {
      expect(existsSync(join(modules, runtime)), runtime).toBe(true);
    }
    for (const dev of ['esbuild', 'tsx', 'typescript', 'vitest', 'ws', 'dockerfile-utils']) expect(existsSync(join(modules, dev)), dev).toBe(false);
    expect(readdirSync(join(image.appDir, 'dist'))).toContain('main.js');
    expect(readdirSync(image.appDir).sort()).toEqual(['dist', 'node_modules', 'package.json']);
  });

  it('starts as an unprivileged user, is healthy by its HEALTHCHECK, serves Slack over Socket Mode, and exits 0 on its STOPSIGNAL', { timeout: 60_000 }, async () => {
    const port = await freePort();
    const env = { PORT: String(port) };
    const app = runAsImageUser(image, image.cmd, {
      ...env,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_APP_TOKEN: APP_TOKEN,
      SLACK_API_URL: slack.apiUrl,
      LOANBOT_LENDERS: 'sandbox',
    });
    const stdout: string[] = [];
    const stderr: string[] = [];
    app.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk.toString()));
    app.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
    const exited = new Promise<number | null>((resolve) => app.on('exit', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 30_000;
      while ((await healthcheck(image, env)) !== 0) {
        if (Date.now() > deadline) throw new Error(`never healthy:\n${stdout.join('')}\n${stderr.join('')}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      await slack.slashCommand({ text: '1001' });
      const summary = await slack.waitForMessage('C0COLLECT', /Keval Gor/, { timeoutMs: 8000 });
      expect(visibleText(summary)).toContain('Sandbox lenders');

      // The store lives in the volume, owned by the unprivileged user.
      const dataDir = image.env['LOANBOT_DATA_DIR'] ?? '';
      expect(Object.values(image.volumes)).toContain(dataDir);
      const files = readdirSync(dataDir);
      expect(files.length).toBeGreaterThan(0);
      for (const file of files) expect(statSync(join(dataDir, file)).uid).toBe(image.uid);

      app.kill(image.stopSignal);
      expect(await exited).toBe(0);
      expect(stdout.join('')).toContain('"msg":"stopped"');
      expect(stderr.join('')).toBe('');
    } finally {
      app.kill('SIGKILL');
    }
  });
});
