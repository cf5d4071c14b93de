import { describe, expect, it } from 'vitest';
import { useHarness } from './use-harness.ts';
import { ASHA, CHANNEL, GOOD_PAYMENT, lookUp, openPaymentByCommand } from './payment-helpers.ts';

const MEERA = 'U03MEERA';
// Asha is an agent (her own failed write is on her Home), Meera the supervisor who updates Apollo.
const h = useHarness({ apollo: true, env: { LOANBOT_SUPERVISORS: MEERA } });

async function scrape(): Promise<{ status: number; contentType: string; body: string }> {
  const response = await fetch(`http://127.0.0.1:${h.app.port}/metrics`);
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', body: await response.text() };
}

/** The value of one sample line, e.g. `loanbot_writes{state="failed"}`; undefined when absent. */
function sample(body: string, series: string): number | undefined {
  const line = body.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

/** Every `name="value"` pair in the samples' labels. */
function labels(body: string): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const line of body.split('\n')) {
    if (line.startsWith('#')) continue;
    const inside = /\{(.*)\}/.exec(line)?.[1] ?? '';
    for (const m of inside.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) pairs.push([m[1] ?? '', m[2] ?? '']);
  }
  return pairs;
}

async function apolloUpdate(loanId: string) {
  await h.slack.slashCommand({ text: `apollo ${loanId}`, userId: MEERA, channelId: CHANNEL });
  const form = await h.slack.waitForView(MEERA, 'apollo_form');
  await h.slack.selectOption({ userId: MEERA, viewId: form.id, actionId: 'apollo_loan_type', value: 'PL' });
  await h.slack.waitForView(MEERA, (v) => v.callback_id === 'apollo_form' && JSON.stringify(v.blocks).includes('first_date'));
  const review = await h.slack.submitView({ userId: MEERA, values: { disbursement_date: '2026-01-05', first_date: '2026-02-04' } });
  expect(review.outcome, JSON.stringify(review.errors)).toBe('updated');
  await h.slack.submitView({ userId: MEERA });
  await h.slack.waitForMessage(CHANNEL, (m) => m.text.includes(`Loan ${loanId} updated in Apollo`));
}

describe('GET /metrics', () => {
  it('shows acks by kind, lender calls by lender, operation and status, writes by state, open alerts and Apollo tokens, without ids or PII', async () => {
    await lookUp(h, '1001');
    h.credgenics.setFault({ match: { method: 'PATCH' }, status: 500 });
    await openPaymentByCommand(h, '1002');
    await h.slack.submitView({ userId: ASHA, values: { ...GOOD_PAYMENT, reference: 'MET-0001' } });
    await h.slack.submitView({ userId: ASHA });
    await h.slack.waitForMessage(CHANNEL, /loan 1002 failed/, { timeoutMs: 8000 });
    h.credgenics.clearFaults();
    await apolloUpdate('Tesst001');
    await h.slack.openHome(ASHA);
    await h.slack.waitForHome(ASHA);

    const { status, contentType, body } = await scrape();
    expect(status).toBe(200);
    expect(contentType).toContain('text/plain');

    const names = new Set(body.split('\n').filter((l) => l.startsWith('# TYPE ')).map((l) => l.split(' ')[2] ?? ''));
    expect(names.size).toBeGreaterThan(10);
    for (const name of names) expect(name).toMatch(/^loanbot_/);
    for (const line of body.split('\n').filter((l) => l !== '' && !l.startsWith('#'))) expect(line).toMatch(/^loanbot_/);

    const acks = (kind: string) => sample(body, `loanbot_slack_ack_duration_seconds_count{kind="${kind}"}`) ?? 0;
    expect(acks('command')).toBeGreaterThanOrEqual(3); // /loan 1001, /loan pay 1002, /loan apollo Tesst001
    expect(acks('view_submission')).toBeGreaterThanOrEqual(4); // review and Confirm, twice
    expect(acks('action')).toBeGreaterThanOrEqual(1); // the Apollo loan type select
    expect(acks('event')).toBeGreaterThanOrEqual(1); // app_home_opened
    // Every ack was well within Slack's 3 s.
    const within3s = (kind: string) => sample(body, `loanbot_slack_ack_duration_seconds_bucket{le="3",kind="${kind}"}`);
    expect(within3s('command')).toBe(acks('command'));

    const calls = (lender: string, operation: string, code: string) =>
      sample(body, `loanbot_lender_request_duration_seconds_count{lender="${lender}",operation="${operation}",status="${code}"}`);
    expect(calls('credgenics', 'get_loan', '200')).toBeGreaterThanOrEqual(2);
    expect(calls('credgenics', 'update_payment', '500')).toBe(1);
    expect(calls('apollo', 'get_token', '200')).toBe(1);
    expect(calls('apollo', 'update_loan', '200')).toBe(1);
    expect(sample(body, 'loanbot_apollo_token_requests_total{status="200"}')).toBe(1);

    expect(sample(body, 'loanbot_writes{state="failed"}')).toBe(1);
    expect(sample(body, 'loanbot_writes{state="confirmed"}')).toBe(1);
    expect(sample(body, 'loanbot_writes{state="pending"}')).toBe(0);
    expect(sample(body, 'loanbot_open_alerts')).toBe(1);
    expect(sample(body, 'loanbot_slack_connected')).toBe(1);

    // Labels are a few known names with bounded values: no loan id, user id, reference or borrower detail.
    const known = new Set(['kind', 'lender', 'operation', 'status', 'state', 'le', 'version', 'major', 'minor', 'patch', 'space', 'type']);
    for (const [name, value] of labels(body)) {
      expect(known, `label ${name}`).toContain(name);
      for (const secret of ['1001', '1002', 'Tesst001', ASHA, MEERA, 'MET-0001', 'Keval', CHANNEL]) expect(value).not.toContain(secret);
    }
  });

  it('follows the store: a Retry that succeeds moves the write from failed to confirmed and closes the alert', async () => {
    const before = await scrape();
    const failed = sample(before.body, 'loanbot_writes{state="failed"}') ?? 0;
    const confirmed = sample(before.body, 'loanbot_writes{state="confirmed"}') ?? 0;
    expect(failed).toBeGreaterThanOrEqual(1);
    const alert = await h.slack.waitForMessage(CHANNEL, /loan 1002 failed/);
    await h.slack.clickButton({ messageTs: alert.ts, actionId: 'alert_retry', userId: ASHA, channelId: CHANNEL });
    await h.slack.waitForMessage(CHANNEL, /Payment recorded on loan 1002 in Credgenics/);
    const after = await scrape();
    expect(sample(after.body, 'loanbot_writes{state="failed"}')).toBe(failed - 1);
    expect(sample(after.body, 'loanbot_writes{state="confirmed"}')).toBe(confirmed + 1);
    expect(sample(after.body, 'loanbot_open_alerts')).toBe(failed - 1);
  });
});
