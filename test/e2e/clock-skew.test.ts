/**
 * Two loanbots in this process on one Postgres, the second on a machine whose clock is 3 minutes ahead
 * (still inside Slack's 5-minute signature window). A payment in Credgenics' hands on the first is neither
 * taken from it by the second (a live lease) nor, once the first has stopped mid-send, sent again before its
 * settle window ends: Credgenics applies it once, and "Payment recorded" is said once. Before, the instance
 * ahead judged the lease run out and the window passed by its own clock, checked the loan at once ("not
 * applied": the first PATCH was still queued) and sent it again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlackStandin, type SlackStandin } from '../../dev/slack-standin/index.ts';
import { startCredgenicsSandbox, type CredgenicsSandbox } from '../../dev/sandbox/credgenics/index.ts';
import { BOT_TOKEN, CG_ROLE, CG_TOKEN, SIGNING_SECRET } from '../../dev/kit/constants.ts';
import { bootFromEnv, FAST_WRITES, memoryLog } from '../../dev/kit/boot.ts';
import { loanbotEnv } from '../../dev/kit/env.ts';
import { waitUntilQuiet } from '../../dev/kit/quiet.ts';
import type { RunningLoanbot } from '../../src/app.ts';
import { freshPostgresUrl } from '../store/backends.ts';
import { visibleText } from './harness.ts';

const AHEAD_MS = 3 * 60_000;
const CHANNEL = 'C0COLLECT';
let slack: SlackStandin;
let credgenics: CredgenicsSandbox;
let onTime: RunningLoanbot;
let ahead: RunningLoanbot;
const logs: string[] = [];
let onTimeStopped = false;

beforeAll(async () => {
  slack = await startSlackStandin({ signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN });
  credgenics = await startCredgenicsSandbox({ authToken: CG_TOKEN, role: CG_ROLE });
  const env = loanbotEnv({ slack, credgenics, databaseUrl: await freshPostgresUrl(), logLevel: 'debug', credgenicsTimeoutMs: 10_000 });
  // Leases renewed every third of a second; an attempt that may still land is checked for the last time 4 s after it left.
  const writePolicy = { ...FAST_WRITES, leaseMs: 1_000, settleMs: 4_000 };
  const boot = (extra: object) => bootFromEnv(env, { logLevel: 'debug', destination: memoryLog(logs), writePolicy, ...extra }).start();
  onTime = await boot({});
  // The instance ahead looks for work only when woken (its poll is a minute): it comes in once the first is sending.
  ahead = await boot({ now: () => new Date(Date.now() + AHEAD_MS), writePolicy: { ...writePolicy, pollMs: 60_000 } });
  slack.setAppUrl(onTime.eventsUrl);
}, 30_000);

afterAll(async () => {
  await Promise.all([onTimeStopped ? undefined : onTime?.stop(1_000), ahead?.stop(1_000)]);
  await credgenics?.close();
  await slack?.close();
});

const patchesTo = (loanId: string) => credgenics.requests.filter((r) => r.method === 'PATCH' && r.path === `/recovery/recovery/update/${loanId}`);
const applied = (loanId: string, ref: string) => credgenics.payments(loanId).filter((p) => p.paymentReferenceNumber === ref).length;
const recordedSaid = (loanId: string, ref: string) => slack.messages(CHANNEL).filter((m) => m.text.includes(`Payment recorded on loan ${loanId} in Credgenics`) && visibleText(m).includes(ref));

/** Record a payment on the first instance, Credgenics holding it as `fault` says; resolves once the PATCH is there. */
async function payOnTime(loanId: string, ref: string, fault: { delayMs: number } | { applyLateMs: number }): Promise<void> {
  await slack.slashCommand({ text: `pay ${loanId}` });
  await slack.waitForView(undefined, (v) => v.callback_id === 'payment_form' && JSON.stringify(v.blocks).includes('amount'));
  await slack.submitView({ values: { amount: '7,777', payment_method: 'Cash', date_of_default: '2026-10-01', reference: ref } });
  credgenics.addFault({ match: { method: 'PATCH', path: `/recovery/recovery/update/${loanId}` }, times: 1, ...fault });
  await slack.submitView({});
  await slack.waitFor(() => patchesTo(loanId).length > 0 || undefined);
}

describe('two instances on one Postgres, one clock 3 minutes ahead', { timeout: 30_000 }, () => {
  it('the instance ahead leaves a payment in Credgenics’ hands to the instance sending it: applied once, said once', async () => {
    await payOnTime('1001', 'SKEW-1', { delayMs: 2_000 });
    ahead.worker.wake();
    await slack.waitForMessage(CHANNEL, (m) => m.text.includes('Payment recorded on loan 1001 in Credgenics'), { timeoutMs: 15_000 });
    await waitUntilQuiet({ slack, lenders: [credgenics], workers: [onTime.worker, ahead.worker] }, { quietMs: 500 });
    expect(patchesTo('1001')).toHaveLength(1);
    expect(applied('1001', 'SKEW-1')).toBe(1);
    expect(recordedSaid('1001', 'SKEW-1')).toHaveLength(1);
  });

  it('and once the sending instance stopped mid-send, it waits for the settle window before it decides: applied once', async () => {
    await payOnTime('1002', 'SKEW-2', { applyLateMs: 3_000 });
    onTimeStopped = true;
    await onTime.stop(0); // its PATCH stays in Credgenics' queue; its lease is no longer renewed
    ahead.worker.wake();
    await slack.waitFor(() => recordedSaid('1002', 'SKEW-2').length > 0 || undefined, { timeoutMs: 15_000 });
    await waitUntilQuiet({ slack, lenders: [credgenics], workers: [ahead.worker] }, { quietMs: 500 });
    expect(patchesTo('1002')).toHaveLength(1);
    expect(applied('1002', 'SKEW-2')).toBe(1);
    expect(recordedSaid('1002', 'SKEW-2')).toHaveLength(1);
    expect(logs.some((line) => line.includes('ahead of the database') && line.includes('"offsetMs":-18'))).toBe(true);
  });
});
