/**
 * Two loanbot processes (the bundle `npm start` runs) on one Postgres, Slack's requests alternating
 * between them, Credgenics failing one payment in five in the three ways that can double a payment —
 * and one instance SIGKILLed mid-run and started again. Every payment must be applied exactly once.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlackStandin, type SlackStandin } from '../../dev/slack-standin/index.ts';
import { startCredgenicsSandbox, type CredgenicsSandbox } from '../../dev/sandbox/credgenics/index.ts';
import { buildOnce, freePort, startChild, waitForHealthy, type Child } from '../../dev/kit/child.ts';
import { freshPostgresUrl } from '../store/backends.ts';
import { visibleText } from './harness.ts';
import { BOT_TOKEN, CG_ROLE, CG_TOKEN, SIGNING_SECRET } from '../../dev/kit/constants.ts';
import { loanbotEnv } from '../../dev/kit/env.ts';
import { waitUntilQuiet } from '../../dev/kit/quiet.ts';

const LOANS = ['1001', '1002', '1003', '1004'];
const PAYMENTS = 100;
let slack: SlackStandin;
let credgenics: CredgenicsSandbox;
let databaseUrl: string;
const ports: number[] = [];
const running: (Child | undefined)[] = [];

function start(index: number): Child {
  const child = startChild(
    loanbotEnv(
      { slack, credgenics, port: ports[index] ?? 0, databaseUrl, credgenicsTimeoutMs: 1_000, logLevel: 'warn' },
      // Longer than the sandbox holds a late write (1.2 s): nothing is reconciled while it may still land.
      // Automatic tries 1 s and 2 s apart instead of 20 s and 60 s: the same rules, in test time.
      { LOANBOT_LEASE_MS: '2000', LOANBOT_SETTLE_WINDOW_MS: '2500', LOANBOT_RETRY_BACKOFF_MS: '1000,2000' },
    ),
  );
  running[index] = child;
  return child;
}

const url = (index: number) => `http://127.0.0.1:${ports[index]}/slack/events`;
/** The next request goes to this instance, as a load balancer might send it. */
const via = (index: number) => slack.setAppUrl(url(index));

beforeAll(async () => {
  await buildOnce();
  slack = await startSlackStandin({ signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN });
  credgenics = await startCredgenicsSandbox({ authToken: CG_TOKEN, role: CG_ROLE });
  databaseUrl = await freshPostgresUrl();
  ports.push(await freePort(), await freePort());
  start(0);
  start(1);
  await Promise.all([waitForHealthy(ports[0] ?? 0), waitForHealthy(ports[1] ?? 0)]);
}, 60_000);

afterAll(async () => {
  for (const child of running) child?.process.kill('SIGKILL');
  await credgenics?.close();
  await slack?.close();
});

const FAULTS = [
  { status: 500 }, // refused before applying: safe to send again
  { applyThenDelayMs: 1_500 }, // applied, then loanbot timed out
  { applyLateMs: 1_200 }, // held in Credgenics' queue, applied after loanbot gave up
];

async function pay(i: number): Promise<void> {
  const loanId = LOANS[i % LOANS.length] ?? '1001';
  const first = i % 2;
  if (i % 5 === 0) credgenics.addFault({ match: { method: 'PATCH', path: `/recovery/recovery/update/${loanId}` }, times: 1, ...FAULTS[(i / 5) % 3] });
  via(first);
  await slack.slashCommand({ text: `pay ${loanId}` });
  await slack.waitForView(undefined, (v) => v.callback_id === 'payment_form' && JSON.stringify(v.blocks).includes('amount'), { timeoutMs: 15_000 });
  via(1 - first);
  await slack.submitView({ values: { amount: String(1_000 + i), payment_method: 'Cash', date_of_default: '2026-10-01', reference: `TWIN-${i}` } });
  via(first);
  await slack.submitView({});
}

const refOf = (i: number) => `TWIN-${i}`;

/** Where the outbox has these payments (for a failure's message): state, tries, due time, lease, reconciliation. */
async function outboxRowsOf(refs: string[]): Promise<Record<string, unknown>[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  try {
    await client.connect();
    const { rows } = await client.query<Record<string, unknown>>(
      `SELECT id, summary, state, attempts, due_at, lease_owner, lease_expires_at, in_flight, needs_reconcile, settle_after, last_status, last_error, alerts, updated_at
       FROM outbox_writes WHERE summary ~ $1`,
      [refs.map((ref) => `${ref}\\M`).join('|') || '^$'],
    );
    return rows;
  } catch (error) {
    return [{ id: '', error: `could not read the outbox: ${String(error)}` }];
  } finally {
    await client.end().catch(() => undefined);
  }
}

const applied = (ref: string) => LOANS.flatMap((l) => credgenics.payments(l)).filter((p) => p.paymentReferenceNumber === ref).length;
const confirmedRefs = () => new Set(slack.messages('C0COLLECT').flatMap((m) => (/Payment recorded on loan \d+ in Credgenics/.test(m.text) ? (visibleText(m).match(/TWIN-\d+/g) ?? []) : [])));

describe('two instances on one Postgres', { timeout: 240_000 }, () => {
  it('100 payments with faults, one instance killed and restarted: none doubled, none lost', async () => {
    for (let i = 0; i < PAYMENTS; i++) {
      if (i === PAYMENTS / 2) {
        running[1]?.process.kill('SIGKILL');
        await running[1]?.exited;
        start(1);
        await waitForHealthy(ports[1] ?? 0);
      }
      await pay(i);
    }

    // Wait for every write to settle: confirmed, or an alert that needs a person.
    const settled = () => {
      const confirmed = confirmedRefs();
      const needPerson = slack.messages('C0COLLECT').filter((m) => JSON.stringify(m.blocks).includes('alert_send_anyway'));
      return confirmed.size + needPerson.length >= PAYMENTS ? { confirmed, needPerson } : undefined;
    };
    const { needPerson } = await slack.waitFor(settled, { timeoutMs: 120_000 }).catch(async (error: unknown) => {
      // Say how far it got: which payments never settled, and what the instances logged.
      const confirmed = confirmedRefs();
      const open = Array.from({ length: PAYMENTS }, (_, i) => refOf(i)).filter((ref) => !confirmed.has(ref));
      const rows = await outboxRowsOf(open);
      const ids = rows.map((row) => String(row['id']));
      // The app logs JSON lines on stdout (and only a crash on stderr): the lines naming an open write, and the tail.
      const logs = running
        .map((child, n) => {
          const out = [...(child?.stdout ?? []), ...(child?.stderr ?? [])].join('').split('\n');
          const about = out.filter((line) => ids.some((id) => line.includes(id)));
          return `instance ${n} (lines naming an open write):\n${about.slice(-20).join('\n')}\ninstance ${n} (last lines):\n${out.slice(-30).join('\n')}`;
        })
        .join('\n');
      const counts = open.map((ref) => `${ref}: applied ${applied(ref)}×`).join(', ');
      const violations = slack.violations.map((v) => `${v.method}: ${v.problems.join('; ')}`).join('\n');
      throw new Error(`${String(error)}\nnot confirmed: ${counts}\noutbox rows:\n${rows.map((row) => JSON.stringify(row)).join('\n')}\nSlack stand-in violations:\n${violations}\n${logs}`);
    });
    // A person checks Credgenics for each write loanbot could not decide, then sends it or dismisses it.
    for (const alert of needPerson) {
      const ref = visibleText(alert).match(/TWIN-\d+/)?.[0] ?? '';
      via(Number(alert.ts.slice(-1)) % 2);
      if (applied(ref) === 0) await slack.clickButton({ messageTs: alert.ts, actionId: 'alert_send_anyway', channelId: 'C0COLLECT' });
    }
    await slack.waitFor(() => Array.from({ length: PAYMENTS }, (_, i) => applied(refOf(i))).every((n) => n >= 1) || undefined, { timeoutMs: 60_000 });

    const counts = Array.from({ length: PAYMENTS }, (_, i) => applied(refOf(i)));
    const doubled = counts.filter((n) => n > 1).length;
    const lost = counts.filter((n) => n === 0).length;
    process.stderr.write(`two instances: attempted ${PAYMENTS}, confirmed ${confirmedRefs().size}, asked a person ${needPerson.length}, doubled ${doubled}, lost ${lost}\n`);
    expect({ doubled, lost }).toEqual({ doubled: 0, lost: 0 });
  });

  it('Retry pressed on both instances at once sends one PATCH', async () => {
    // A 500 (a 4xx offers Edit & retry, not Retry): the alert comes at once with Retry now, pressed on both.
    credgenics.addFault({ match: { method: 'PATCH', path: '/recovery/recovery/update/1002' }, status: 500, body: { message: 'try later' }, times: 1 });
    via(0);
    await slack.slashCommand({ text: 'pay 1002' });
    await slack.waitForView(undefined, (v) => v.callback_id === 'payment_form' && JSON.stringify(v.blocks).includes('amount'), { timeoutMs: 15_000 });
    await slack.submitView({ values: { amount: '7,777', payment_method: 'Cash', date_of_default: '2026-10-01', reference: 'BOTH-1' } });
    await slack.submitView({});
    const alert = await slack.waitForMessage('C0COLLECT', (m) => m.text.includes('loan 1002 failed') && visibleText(m).includes('BOTH-1'), { timeoutMs: 15_000 });
    const before = credgenics.requests.filter((r) => r.method === 'PATCH').length;
    // The alert was posted by instance 0; its Retry is pressed on both at once.
    via(0);
    const a = slack.clickButton({ messageTs: alert.ts, actionId: 'alert_retry', channelId: 'C0COLLECT' });
    via(1);
    const b = slack.clickButton({ messageTs: alert.ts, actionId: 'alert_retry', channelId: 'C0COLLECT' });
    await Promise.all([a, b]);
    await slack.waitForMessage('C0COLLECT', (m) => m.text.includes('Payment recorded on loan 1002 in Credgenics') && visibleText(m).includes('BOTH-1'), { timeoutMs: 15_000 });
    // Quiet for longer than an idle instance's poll (1 s): the other instance would have sent it by now.
    await waitUntilQuiet({ slack, lenders: [credgenics] }, { quietMs: 1_200 });
    expect(credgenics.requests.filter((r) => r.method === 'PATCH').length - before).toBe(1);
  });

  it('refuses on one instance a signed request the other already served', async () => {
    via(0);
    const first = await slack.slashCommand({ text: '1003' });
    expect(first.status).toBe(200);
    await slack.waitForMessage('C0COLLECT', (m) => m.text.includes('Loan 1003') && !m.thread_ts, { timeoutMs: 15_000 });
    const request = first.request;
    if (!request) throw new Error('no request captured');
    const signed = { 'x-slack-signature': request.headers['x-slack-signature'] ?? '', 'x-slack-request-timestamp': request.headers['x-slack-request-timestamp'] ?? '' };
    const replay = await slack.sendRaw({ url: url(1), body: request.body, contentType: 'application/x-www-form-urlencoded', sign: false, headers: signed });
    expect(replay.status).toBe(401);
    const again = await slack.sendRaw({ url: url(0), body: request.body, contentType: 'application/x-www-form-urlencoded', sign: false, headers: signed });
    expect(again.status).toBe(401);
  });
});
