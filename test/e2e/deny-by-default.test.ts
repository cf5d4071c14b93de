/**
 * Deny by default: every listener declares its role where it is registered; anything undeclared, and
 * anything without a user, is refused; a submission is checked for its own role, not just "some role".
 */
import { describe, expect, it } from 'vitest';
import { useHarness } from './use-harness.ts';
import { visibleText } from './harness.ts';
import { GOOD_PAYMENT, patchesTo } from './payment-helpers.ts';

const ASHA = 'U01ASHA'; // agent (through user group S0COLLECT)
const RAVI = 'U02RAVI'; // viewer
const MEERA = 'U03MEERA'; // supervisor
const CHANNEL = 'C0COLLECT';
const FORM = 'application/x-www-form-urlencoded';

const h = useHarness({
  env: { LOANBOT_VIEWERS: RAVI, LOANBOT_AGENTS: 'S0COLLECT', LOANBOT_SUPERVISORS: MEERA, LOANBOT_CHANNELS: `${CHANNEL},C0ALERTS` },
});

const userOf = (id: string) => ({ id, name: id, team_id: 'T0LOANBOT' });
const send = (payload: Record<string, unknown>) =>
  h.slack.sendRaw({ body: `payload=${encodeURIComponent(JSON.stringify(payload))}`, contentType: FORM });

/** Asha fills in a payment for `loanId` and stops at the review; returns the review view as Slack holds it. */
async function reviewFor(loanId: string, reference: string) {
  await h.slack.slashCommand({ text: `pay ${loanId}`, userId: ASHA, channelId: CHANNEL });
  await h.slack.waitForView(ASHA, 'payment_form');
  await h.slack.submitView({ userId: ASHA, values: { ...GOOD_PAYMENT, reference } });
  const view = h.slack.topView(ASHA)!;
  expect(view.callback_id).toBe('payment_review');
  return view;
}

describe('deny by default', () => {
  it('lists every registered command, action and form with the role it declared', () => {
    const table = Object.fromEntries(h.app.listeners().map((l) => [`${l.kind} ${l.id}`, l.role]));
    expect(table).toEqual({
      'command /loan': 'depends',
      'action summary_record_payment': 'agent',
      'action summary_more': 'viewer',
      'view payment_form': 'agent',
      'action payment_review_edit': 'agent',
      'view payment_review': 'agent',
      'action alert_retry': 'depends',
      'action alert_send_anyway': 'supervisor',
      'action alert_edit_retry': 'depends',
      'action alert_dismiss': 'supervisor',
      'view alert_dismiss_reason': 'supervisor',
      'action history_older': 'viewer',
      'action history_newer': 'viewer',
      'action summary_show_details': 'agent',
      'action update_loan_show_current': 'supervisor',
      'action summary_update_loan': 'supervisor',
      'action update_loan_transaction': 'supervisor',
      'view update_loan_form': 'supervisor',
      'action update_loan_review_edit': 'supervisor',
      'view update_loan_review': 'supervisor',
      'action add_loan_kind': 'supervisor',
      'action add_loan_more_details': 'supervisor',
      'view add_loan_more': 'supervisor',
      'view add_loan_form': 'supervisor',
      'action add_loan_review_edit': 'supervisor',
      'view add_loan_review': 'supervisor',
      'action summary_update_apollo': 'supervisor',
      'action apollo_loan_type': 'supervisor',
      'view apollo_form': 'supervisor',
      'action apollo_review_edit': 'supervisor',
      'view apollo_review': 'supervisor',
      'action home_refresh': 'viewer',
      'action home_lookup': 'viewer',
      'view bulk_form': 'agent',
      'view bulk_review': 'agent',
      'action bulk_template': 'agent',
      'action bulk_cancel': 'agent',
      'action bulk_retry': 'agent',
    });
  });

  it('refuses a button nobody declared, even to a supervisor', async () => {
    const payload = { type: 'block_actions', user: userOf(MEERA), team: { id: 'T0LOANBOT' }, channel: { id: CHANNEL }, trigger_id: '1.2.3', actions: [{ action_id: 'debug_dump_outbox', value: 'x', type: 'button' }] };
    const result = await send(payload);
    expect(result.status).toBe(200);
    await h.slack.waitFor(() => visibleText(h.slack.ephemerals(MEERA).at(-1)).includes('loanbot does not offer that'));
    const audit = await h.app.services.store.audit.listByActor(MEERA, 10);
    expect(audit.some((e) => e.action === 'access.refused' && e.outcome === 'undeclared')).toBe(true);
  });

  it('refuses a form nobody declared', async () => {
    const payload = { type: 'view_submission', user: userOf(MEERA), team: { id: 'T0LOANBOT' }, trigger_id: '1.2.4', view: { id: 'V0NOPE', callback_id: 'payment_status', private_metadata: '{}', state: { values: {} } } };
    const result = await send(payload);
    expect(result.body).toContain('loanbot does not offer that');
  });

  it('refuses a submission with no user, and sends nothing', async () => {
    const view = await reviewFor('1002', 'NOUSER-01');
    const result = await send({ type: 'view_submission', team: { id: 'T0LOANBOT' }, trigger_id: '1.2.5', view: { ...view, state: { values: {} } } });
    expect(result.status).toBe(400);
    await h.waitUntilQuiet();
    expect(patchesTo(h, '1002')).toHaveLength(0);
    await h.slack.closeView({ userId: ASHA });
  });

  it('refuses a viewer replaying an agent’s review submission, and sends nothing', async () => {
    const view = await reviewFor('1003', 'VIEWER-01');
    const result = await send({ type: 'view_submission', user: userOf(RAVI), team: { id: 'T0LOANBOT' }, trigger_id: '1.2.6', view: { ...view, state: { values: {} } } });
    expect(result.body).toContain('only an agent (LOANBOT_AGENTS)');
    await h.waitUntilQuiet();
    expect(patchesTo(h, '1003')).toHaveLength(0);
    const audit = await h.app.services.store.audit.listByActor(RAVI, 10);
    expect(audit.some((e) => e.action === 'access.refused' && e.outcome === 'needs agent')).toBe(true);
    await h.slack.closeView({ userId: ASHA });
  });

  it('refuses an agent pressing Send anyway, and sends nothing; a supervisor’s sends it once', async () => {
    // A payment loanbot cannot check: Credgenics answered 503, and meanwhile someone recorded ₹750 on the same
    // loan and month outside loanbot, so the amount changed by something else. A person must decide.
    await reviewFor('1004', 'ANYWAY-01');
    h.credgenics.setFault({ match: { method: 'PATCH' }, status: 503, times: 1 });
    await h.slack.submitView({ userId: ASHA });
    const alert = await h.slack.waitForMessage(CHANNEL, (m) => m.text.includes('loan 1004 failed'));
    const month = h.credgenics.requests.find((r) => r.method === 'PATCH')?.query['allocation_month'] ?? '';
    const outside = await fetch(`${h.credgenics.url}/recovery/recovery/update/1004?allocation_month=${month}`, {
      method: 'PATCH',
      headers: { authenticationtoken: 'cg-e2e-auth-token-secret', role: 'collections-agent', 'content-type': 'application/json' },
      body: JSON.stringify({ final_status: 'Partially Recovered', amount_recovered: 750, payment_method: 'Cash', date_of_default: '2026-10-05' }),
    });
    expect(outside.status).toBe(200);
    await h.slack.clickButton({ messageTs: alert.ts, actionId: 'alert_retry', userId: ASHA, channelId: CHANNEL });
    await h.slack.waitFor(() => JSON.stringify(h.slack.messages(CHANNEL).find((m) => m.ts === alert.ts)?.blocks).includes('alert_send_anyway'), { timeoutMs: 10_000, description: 'the alert offering Send anyway' });
    const sent = () => h.credgenics.payments('1004').filter((p) => p.paymentReferenceNumber === 'ANYWAY-01').length;
    expect(sent()).toBe(0);

    const before = h.slack.ephemerals(ASHA).length;
    await h.slack.clickButton({ messageTs: alert.ts, actionId: 'alert_send_anyway', userId: ASHA, channelId: CHANNEL });
    await h.slack.waitFor(() => (h.slack.ephemerals(ASHA).length > before ? true : undefined), { description: 'a reply to the agent who pressed it' });
    expect(visibleText(h.slack.ephemerals(ASHA).at(-1))).toContain('only a supervisor (LOANBOT_SUPERVISORS)');
    await h.waitUntilQuiet({ quietMs: 300 });
    expect(sent()).toBe(0);

    await h.slack.clickButton({ messageTs: alert.ts, actionId: 'alert_send_anyway', userId: MEERA, channelId: CHANNEL });
    await h.slack.waitFor(() => (sent() === 1 ? true : undefined), { description: 'the payment sent by the supervisor' });
    await h.waitUntilQuiet({ quietMs: 300 });
    expect(sent()).toBe(1);
  });
});
