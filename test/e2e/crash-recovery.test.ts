import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSlackStandin, type SlackStandin } from '../../dev/slack-standin/index.ts';
import { startCredgenicsSandbox, type CredgenicsSandbox } from '../../dev/sandbox/credgenics/index.ts';
import { buildOnce, freePort, startChild, waitForHealthy, type Child } from '../../dev/kit/child.ts';
import { visibleText } from './harness.ts';
import { BOT_TOKEN, CG_ROLE, CG_TOKEN, SIGNING_SECRET } from '../../dev/kit/constants.ts';
import { loanbotEnv } from '../../dev/kit/env.ts';

let slack: SlackStandin;
let credgenics: CredgenicsSandbox;
let dataDir: string;
let port: number;
const children: Child[] = [];

function startApp(settleWindowMs = 1_000): Child {
  const child = startChild(
    loanbotEnv(
      { slack, credgenics, port, dataDir, credgenicsTimeoutMs: 20_000, logLevel: 'warn' },
      // A killed instance's writes are claimable 2 s after its last renewal, and checked 1 s after they were sent.
      { LOANBOT_LEASE_MS: '2000', LOANBOT_SETTLE_WINDOW_MS: String(settleWindowMs) },
    ),
  );
  children.push(child);
  return child;
}

beforeAll(async () => {
  await buildOnce();
  slack = await startSlackStandin({ signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN });
  credgenics = await startCredgenicsSandbox({ authToken: CG_TOKEN, role: CG_ROLE });
  dataDir = mkdtempSync(join(tmpdir(), 'loanbot-crash-'));
  port = await freePort();
  slack.setAppUrl(`http://127.0.0.1:${port}/slack/events`);
});
afterAll(async () => {
  for (const child of children) child.process.kill('SIGKILL');
  await credgenics.close();
  await slack.close();
  rmSync(dataDir, { recursive: true, force: true });
});
beforeEach(() => credgenics.reset());

async function confirmPayment(loanId: string, reference: string) {
  await slack.slashCommand({ text: `pay ${loanId}` });
  await slack.waitForView(undefined, 'payment_form', { timeoutMs: 15_000 });
  await slack.submitView({ values: { amount: '5,000', payment_method: 'Cash', date_of_default: '2026-10-01', reference } });
  await slack.submitView({});
}

const patches = (loanId: string) => credgenics.requests.filter((r) => r.method === 'PATCH' && r.path === `/recovery/recovery/update/${loanId}`);

describe('SIGKILL between the outbox write and the lender’s answer', { timeout: 60_000 }, () => {
  it('a payment that reached Credgenics is found by reconciliation after restart: never doubled', async () => {
    const first = startApp();
    await waitForHealthy(port);
    credgenics.setFault({ match: { method: 'PATCH' }, applyThenDelayMs: 60_000 });
    await confirmPayment('1001', 'KILL-0001');
    await slack.waitFor(() => credgenics.payments('1001').length === 1, { timeoutMs: 15_000 });
    first.process.kill('SIGKILL');
    await first.exited;
    credgenics.clearFaults();

    startApp();
    await waitForHealthy(port);
    const done = await slack.waitForMessage('C0COLLECT', /Payment recorded on loan 1001 in Credgenics/, { timeoutMs: 20_000 });
    expect(visibleText(done)).toContain('nothing was sent twice');
    expect(patches('1001')).toHaveLength(1);
    expect(credgenics.payments('1001')).toHaveLength(1);
    children.at(-1)?.process.kill('SIGKILL');
    await children.at(-1)?.exited;
  });

  it('a payment that never reached Credgenics is sent again by the restarted instance, once: never lost', async () => {
    const first = startApp();
    await waitForHealthy(port);
    credgenics.setFault({ match: { method: 'PATCH' }, delayMs: 60_000 });
    await confirmPayment('1002', 'KILL-0002');
    await slack.waitFor(() => patches('1002').length === 1, { timeoutMs: 15_000 });
    first.process.kill('SIGKILL');
    await first.exited;
    credgenics.clearFaults();

    startApp();
    await waitForHealthy(port);
    // The lease runs out, the loan shows the payment is not there, so it is sent again: once.
    const done = await slack.waitForMessage('C0COLLECT', /Payment recorded on loan 1002 in Credgenics/, { timeoutMs: 20_000 });
    expect(visibleText(done)).not.toContain('nothing was sent twice');
    expect(patches('1002')).toHaveLength(2);
    expect(credgenics.payments('1002')).toHaveLength(1);
    children.at(-1)?.process.kill('SIGKILL');
    await children.at(-1)?.exited;
  });

  it('a payment Credgenics applies late, after the killed instance gave up on it, is found, not sent again', async () => {
    const first = startApp();
    await waitForHealthy(port);
    // Held 1.5 s in Credgenics' queue, then applied whether or not anyone is still waiting.
    credgenics.setFault({ match: { method: 'PATCH' }, applyLateMs: 1_500, times: 1 });
    await confirmPayment('1003', 'KILL-0003');
    await slack.waitFor(() => patches('1003').length === 1, { timeoutMs: 15_000 });
    first.process.kill('SIGKILL');
    await first.exited;

    startApp();
    await waitForHealthy(port);
    const done = await slack.waitForMessage('C0COLLECT', /Payment recorded on loan 1003 in Credgenics/, { timeoutMs: 20_000 });
    expect(visibleText(done)).toContain('nothing was sent twice');
    expect(patches('1003')).toHaveLength(1);
    expect(credgenics.payments('1003')).toHaveLength(1);
    children.at(-1)?.process.kill('SIGKILL');
    await children.at(-1)?.exited;
  });
});

describe('a take-over is said at once', { timeout: 60_000 }, () => {
  it('SIGKILL mid-PATCH with the settle window longer than the lease: the next instance says something of the loan within the lease plus 10 s, and never doubles it', async () => {
    const first = startApp(8_000);
    await waitForHealthy(port);
    // Held 6 s in Credgenics' queue, then applied: usually still held when the next instance takes the write over.
    credgenics.setFault({ match: { method: 'PATCH' }, applyLateMs: 6_000, times: 1 });
    await confirmPayment('2001', 'KILL-0004');
    await slack.waitFor(() => patches('2001').length === 1, { timeoutMs: 15_000 });
    first.process.kill('SIGKILL');
    await first.exited;
    const killedAt = Date.now();
    const next = startApp(8_000);
    try {
      await waitForHealthy(port);
      // The take-over's words, or (when Credgenics applied it before the claim) the confirmation itself.
      const said = await slack.waitForMessage(
        'C0COLLECT',
        (m) => m.text.includes('2001') && (visibleText(m).includes('instance sending it stopped') || m.text.includes('Payment recorded on loan 2001')),
        { timeoutMs: 12_000 },
      );
      expect(Date.now() - killedAt).toBeLessThan(2_000 + 10_000);
      if (visibleText(said).includes('instance sending it stopped')) {
        expect(visibleText(said)).toMatch(/final check of loan 2001 at \d\d:\d\d:\d\d and sends it again only if the payment is not there/);
      }
      const done = await slack.waitForMessage('C0COLLECT', /Payment recorded on loan 2001 in Credgenics/, { timeoutMs: 20_000 });
      expect(visibleText(done)).toContain('nothing was sent twice');
      expect(patches('2001')).toHaveLength(1);
      expect(credgenics.payments('2001')).toHaveLength(1);
    } finally {
      next.process.kill('SIGKILL');
      await next.exited;
    }
  });
});

describe('SIGTERM with a payment at the lender', { timeout: 60_000 }, () => {
  it('stops taking work, lets the send finish and record its outcome, and exits 0', async () => {
    const app = startApp();
    await waitForHealthy(port);
    credgenics.setFault({ match: { method: 'PATCH' }, delayMs: 2_000, times: 1 });
    await confirmPayment('1004', 'TERM-0001');
    await slack.waitFor(() => patches('1004').length === 1, { timeoutMs: 15_000 });
    const signalledAt = Date.now();
    app.process.kill('SIGTERM');
    const exit = await app.exited;
    expect({ ...exit, stderr: exit.code === 0 ? '' : app.stderr.join('') + app.stdout.join('') }).toEqual({ code: 0, signal: null, stderr: '' });
    expect(Date.now() - signalledAt).toBeLessThan(10_000);
    // The send in flight finished before the process left: recorded, announced, never sent again.
    expect(credgenics.payments('1004')).toHaveLength(1);
    await slack.waitForMessage('C0COLLECT', /Payment recorded on loan 1004 in Credgenics/, { timeoutMs: 1_000 });
    expect(patches('1004')).toHaveLength(1);
  });
});
