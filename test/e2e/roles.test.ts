import { describe, expect, it } from 'vitest';
import { useHarness } from './use-harness.ts';
import { visibleText } from './harness.ts';
import { GOOD_PAYMENT, patchesTo } from './payment-helpers.ts';

// Workspace fixture: asha (agent, in user group S0COLLECT), ravi (viewer), meera (supervisor), dev (nobody).
const ASHA = 'U01ASHA';
const RAVI = 'U02RAVI';
const MEERA = 'U03MEERA';
const DEV = 'U04DEV';
const CHANNEL = 'C0COLLECT';

const h = useHarness({
    env: {
      LOANBOT_VIEWERS: RAVI,
      LOANBOT_AGENTS: 'S0COLLECT',
      LOANBOT_SUPERVISORS: MEERA,
      LOANBOT_CHANNELS: `${CHANNEL},C0ALERTS`,
    },
  });

const lastEphemeral = (user: string) => visibleText(h.slack.ephemerals(user).at(-1));

describe('who may do what', () => {
  it('lets only an agent start a bulk upload', async () => {
    await h.slack.slashCommand({ text: 'bulk', userId: RAVI, channelId: CHANNEL });
    expect(lastEphemeral(RAVI)).toContain('only an agent (LOANBOT_AGENTS) can do that');
    expect(h.slack.openViews(RAVI)).toHaveLength(0);
  });

  it('lets a viewer look up but not record a payment', async () => {
    await h.slack.slashCommand({ text: '1001', userId: RAVI, channelId: CHANNEL });
    const summary = await h.slack.waitForMessage(CHANNEL, /Loan 1001/);
    await h.slack.slashCommand({ text: 'pay 1001', userId: RAVI, channelId: CHANNEL });
    expect(lastEphemeral(RAVI)).toContain('only an agent (LOANBOT_AGENTS) can do that');
    // The button in the channel is checked too.
    await h.slack.clickButton({ messageTs: summary.ts, actionId: 'summary_record_payment', userId: RAVI, channelId: CHANNEL });
    await h.slack.waitFor(() => lastEphemeral(RAVI).includes('only an agent') && h.slack.ephemerals(RAVI).length >= 2);
    expect(h.slack.openViews(RAVI)).toHaveLength(0);
  });

  it('gives the agent role through a user group, and checks the submission again', async () => {
    await h.slack.slashCommand({ text: 'pay 1002', userId: ASHA, channelId: CHANNEL });
    await h.slack.waitForView(ASHA, 'payment_form');
    await h.slack.submitView({ userId: ASHA, values: GOOD_PAYMENT });
    // Someone without the role replays the review submission as their own: refused, nothing sent.
    const view = h.slack.topView(ASHA)!;
    const payload = { type: 'view_submission', team: { id: 'T0LOANBOT' }, user: { id: DEV, name: 'dev', team_id: 'T0LOANBOT' }, api_app_id: 'A0LOANBOT', trigger_id: '1.2.3', view: { ...view, state: { values: {} } } };
    const forged = await h.slack.sendRaw({ body: `payload=${encodeURIComponent(JSON.stringify(payload))}`, contentType: 'application/x-www-form-urlencoded' });
    expect(forged.status).toBe(200);
    expect(forged.body).toContain('only an agent');
    expect(patchesTo(h, '1002')).toHaveLength(0);
    await h.slack.submitView({ userId: ASHA });
    await h.slack.waitForMessage(CHANNEL, /Payment recorded on loan 1002 in Credgenics/);
  });

  it('does not let an agent update a loan or dismiss an alert; a supervisor may', async () => {
    await h.slack.slashCommand({ text: 'update 1001', userId: ASHA, channelId: CHANNEL });
    expect(lastEphemeral(ASHA)).toContain('only a supervisor (LOANBOT_SUPERVISORS)');
    h.credgenics.setFault({ match: { method: 'PATCH' }, status: 500 });
    await h.slack.slashCommand({ text: 'pay 1003', userId: ASHA, channelId: CHANNEL });
    await h.slack.waitForView(ASHA, 'payment_form');
    await h.slack.submitView({ userId: ASHA, values: { ...GOOD_PAYMENT, reference: 'ROLE-0001' } });
    await h.slack.submitView({ userId: ASHA });
    const alert = await h.slack.waitForMessage(CHANNEL, /loan 1003 failed/);
    await h.slack.clickButton({ messageTs: alert.ts, actionId: 'alert_dismiss', userId: ASHA, channelId: CHANNEL });
    await h.slack.waitFor(() => lastEphemeral(ASHA).includes('only a supervisor'));
    await h.slack.clickButton({ messageTs: alert.ts, actionId: 'alert_dismiss', userId: MEERA, channelId: CHANNEL });
    await h.slack.waitForView(MEERA, 'alert_dismiss_reason');
  });

  it('does nothing for someone with no role, and says so', async () => {
    await h.slack.slashCommand({ text: '1001', userId: DEV, channelId: CHANNEL });
    expect(lastEphemeral(DEV)).toContain('only a viewer (LOANBOT_VIEWERS)');
    expect(h.credgenics.requests).toHaveLength(0);
  });

  it('answers only in enabled channels', async () => {
    await h.slack.slashCommand({ text: '1001', userId: MEERA, channelId: 'C0RANDOM' });
    expect(lastEphemeral(MEERA)).toContain('loanbot is not enabled in this channel');
    expect(h.credgenics.requests).toHaveLength(0);
  });

  it('audits refusals', async () => {
    const refusals = (await h.app.services.store.audit.listByActor(DEV, 50)).filter((e) => e.action === 'access.refused');
    expect(refusals.length).toBeGreaterThan(0);
  });
});

describe('Show details', () => {
  it('shows full personal details only to the agent who asked, and audits it', async () => {
    await h.slack.slashCommand({ text: '1001', userId: ASHA, channelId: CHANNEL });
    const summary = await h.slack.waitForMessage(CHANNEL, (m) => m.text.includes('Loan 1001') && !m.thread_ts);
    await h.slack.clickButton({ messageTs: summary.ts, actionId: 'summary_show_details', userId: ASHA, channelId: CHANNEL });
    const details = await h.slack.waitForEphemeral(ASHA, /Personal details of loan 1001/);
    expect(details.ephemeralTo).toBe(ASHA);
    expect(visibleText(details)).toContain('9706367068');
    expect(visibleText(details)).toContain('235498671293');
    // Nothing unmasked anywhere others can see.
    for (const message of h.slack.messages(CHANNEL)) expect(visibleText(message)).not.toContain('9706367068');
    const audit = await h.app.services.store.audit.listByActor(ASHA, 10);
    expect(audit.some((e) => e.action === 'pii.revealed' && e.loanId === '1001')).toBe(true);
  });

  it('is refused to a viewer', async () => {
    const summary = h.slack.messages(CHANNEL).find((m) => m.text.includes('Loan 1001') && !m.thread_ts)!;
    await h.slack.clickButton({ messageTs: summary.ts, actionId: 'summary_show_details', userId: RAVI, channelId: CHANNEL });
    await h.slack.waitFor(() => lastEphemeral(RAVI).includes('only an agent'));
    expect(visibleText(h.slack.ephemerals(RAVI).at(-1))).not.toContain('9706367068');
  });
});

describe('a refusal in the loan’s history', () => {
  it('an agent’s refused /loan update leaves the loan’s history readable, for everyone', async () => {
    await h.slack.slashCommand({ text: 'update 1005', userId: ASHA, channelId: CHANNEL });
    expect(lastEphemeral(ASHA)).toContain('only a supervisor');
    for (const user of [ASHA, MEERA]) {
      const ack = await h.slack.slashCommand({ text: 'history 1005', userId: user, channelId: CHANNEL });
      expect(ack.status).toBe(200);
      expect(ack.lateAck).toBeFalsy();
      const history = lastEphemeral(user);
      expect(history).toContain('History of loan 1005');
      expect(history).toContain('<@U01ASHA>');
      expect(history).toMatch(/Refused/);
      expect(history).not.toMatch(/null|undefined/);
    }
    expect(h.logs.join('\n')).not.toContain("reading 'replace'");
  });
});
