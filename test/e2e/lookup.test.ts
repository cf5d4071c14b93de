import { describe, expect, it } from 'vitest';
import { useHarness } from './use-harness.ts';
import { visibleText } from './harness.ts';
import { moreOf } from './payment-helpers.ts';

const h = useHarness();

const ASHA = 'U01ASHA';
const CHANNEL = 'C0COLLECT';

const PII = ['9706367068', '235498671293', 'ABCPG1234K', 'keval.gor@gmail.com', '11271000005809', '1988-07-14'];

describe('/loan <id>', () => {
  it('posts a short, masked summary leading with what an agent acts on, with the contract’s buttons', async () => {
    const ack = await h.slack.slashCommand({ text: '1001', userId: ASHA, channelId: CHANNEL });
    expect(ack.status).toBe(200);
    expect(ack.ackMs).toBeLessThan(1000);
    const message = await h.slack.waitForMessage(CHANNEL, /Keval Gor/);
    const text = visibleText(message);
    expect(text).toContain('Loan 1001 · Keval Gor');
    expect(text).toMatch(/Status\*?\nPartially Recovered/);
    expect(text).toMatch(/DPD\*?\n91 days \(91-120\)/);
    expect(text).toMatch(/Total claim\*?\n₹1,27,718/);
    expect(text).toMatch(/Settlement amount\*?\n₹25,000/);
    expect(text).toMatch(/Amount recovered\*?\n₹8,500/);
    expect(text).toContain('Last contact');
    expect(text).toContain('Will pay tomorrow');
    // The rest (personal details, remarks, legal) is behind More, not in the channel.
    for (const elsewhere of ['XXXXX1234X', 'Latest remarks', 'Legal & speed post', 'Sanctioned']) expect(text).not.toContain(elsewhere);
    expect(text.split('\n').filter((line) => line.trim()).length).toBeLessThanOrEqual(22);
    for (const pii of PII) expect(text).not.toContain(pii);
    const buttons = JSON.stringify(message.blocks);
    expect(buttons).toContain('Record payment');
    expect(buttons).toContain('Update loan');
    expect(buttons).toContain('"More"');
    expect(buttons).not.toContain('Update in Apollo'); // Apollo is not configured in this harness
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    // The lender got the documented headers.
    const request = h.credgenics.requests.find((r) => r.path === '/recovery/loan/1001');
    expect(request?.headers['authenticationtoken']).toBe('cg-e2e-auth-token-secret');
    expect(request?.headers['role']).toBe('collections-agent');
  });

  it('More shows the rest of the loan, still masked, only to the person who pressed it', async () => {
    await h.slack.slashCommand({ text: '1001', userId: ASHA, channelId: CHANNEL });
    const message = await h.slack.waitForMessage(CHANNEL, /Keval Gor/);
    const rest = await moreOf(h, message.ts, '1001');
    for (const shown of ['₹2,68,500', 'XXXXXX7068', 'XXXX-XXXX-1293', 'XXXXX1234X', 'k***@gmail.com', 'XXXX5809', 'Latest remarks', 'Recent recoveries']) expect(rest).toContain(shown);
    for (const pii of PII) expect(rest).not.toContain(pii);
    expect(h.slack.messages(CHANNEL).some((m) => visibleText(m).includes('More about'))).toBe(false);
  });

  it('shows a credit-line loan with its customer, and its other transactions under More', async () => {
    await h.slack.slashCommand({ text: '2001', userId: ASHA, channelId: CHANNEL });
    const message = await h.slack.waitForMessage(CHANNEL, /Loan 2001/);
    expect(visibleText(message)).toContain('Credit line · customer 189004');
    expect(await moreOf(h, message.ts, '2001')).toContain('Transaction 2002');
  });

  it('shows a loan in legal with its tracking (under More), and a closed loan', async () => {
    await h.slack.slashCommand({ text: '1003', userId: ASHA, channelId: CHANNEL });
    expect(await moreOf(h, (await h.slack.waitForMessage(CHANNEL, /Loan 1003/)).ts, '1003')).toContain('Legal & speed post');
    await h.slack.slashCommand({ text: '1004', userId: ASHA, channelId: CHANNEL });
    const closed = visibleText(await h.slack.waitForMessage(CHANNEL, /Loan 1004/));
    expect(closed).toContain('Closed');
  });

  it('a loan with no default: the summary says so and offers no Record payment; /loan pay says why', async () => {
    await h.slack.slashCommand({ text: '1005', userId: ASHA, channelId: CHANNEL });
    const message = await h.slack.waitForMessage(CHANNEL, /Loan 1005/);
    expect(visibleText(message)).toContain('No default is recorded for this loan');
    expect(JSON.stringify(message.blocks)).not.toContain('summary_record_payment');
    expect(JSON.stringify(message.blocks)).toContain('Update loan');
    await h.slack.slashCommand({ text: 'pay 1005', userId: ASHA, channelId: CHANNEL });
    const modal = await h.slack.waitForView(ASHA, (v) => visibleText({ blocks: v.blocks }).includes('no default'));
    expect(visibleText({ blocks: modal.blocks })).toContain('Credgenics has no default recorded for loan 1005');
    expect(JSON.stringify(modal.blocks)).not.toContain('allocation_month');
  });

  it('offers only the allocation months that have a default', async () => {
    await h.slack.slashCommand({ text: 'pay 1001', userId: ASHA, channelId: CHANNEL });
    const form = await h.slack.waitForView(ASHA, 'payment_form');
    const months = JSON.stringify(form.blocks.find((b) => (b as { block_id?: string }).block_id === 'allocation_month'));
    const offered = [...new Set([...months.matchAll(/"value":"([^"]+)"/g)].map((m) => m[1]))];
    // 1001 has defaults for two months; the old form offered the last 12 months whether or not they had one.
    expect(offered, JSON.stringify(offered)).toHaveLength(2);
    for (const month of offered) expect(month).toMatch(/^\d{4}-\d{1,2}-01$/);
  });

  it('answers help, empty and unknown text with usage only the caller sees, without calling the lender', async () => {
    const before = h.credgenics.requests.length;
    for (const text of ['help', '', 'frobnicate 12', '../../admin']) {
      const ack = await h.slack.slashCommand({ text, userId: ASHA, channelId: CHANNEL });
      expect(ack.status).toBe(200);
      const shown = h.slack.ephemerals(ASHA).at(-1);
      expect(visibleText(shown)).toContain('/loan pay <loan_id>');
    }
    expect(visibleText(h.slack.ephemerals(ASHA).at(-1))).toContain('is not a valid loan id');
    expect(h.credgenics.requests.length).toBe(before);
  });

  it('says the 50-character limit when a loan id is too long', async () => {
    const before = h.credgenics.requests.length;
    await h.slack.slashCommand({ text: '7'.repeat(300), userId: ASHA, channelId: CHANNEL });
    const shown = visibleText(h.slack.ephemerals(ASHA).at(-1));
    expect(shown).toContain('300 characters long');
    expect(shown).toContain('at most 50');
    expect(h.credgenics.requests.length).toBe(before);
  });

  it('says clearly when Credgenics has no such loan', async () => {
    await h.slack.slashCommand({ text: '9999', userId: ASHA, channelId: CHANNEL });
    const shown = await h.slack.waitForEphemeral(ASHA, /could not find/);
    expect(visibleText(shown)).toContain('Credgenics could not find loan 9999');
  });

  it('turns a Credgenics 500 (after read retries) into a friendly message', async () => {
    h.credgenics.setFault({ status: 500 });
    await h.slack.slashCommand({ text: '1002', userId: ASHA, channelId: CHANNEL });
    const shown = await h.slack.waitForEphemeral(ASHA, /internal error/, { timeoutMs: 8000 });
    expect(visibleText(shown)).toContain('Credgenics had an internal error (500)');
    expect(h.credgenics.requests.filter((r) => r.path === '/recovery/loan/1002').length).toBe(3);
  });

  it('acks at once even when Credgenics is slow, and reports a timeout in words', async () => {
    h.credgenics.setFault({ delayMs: 5000 });
    const ack = await h.slack.slashCommand({ text: '1002', userId: ASHA, channelId: CHANNEL });
    expect(ack.ackMs).toBeLessThan(1000); // the lender takes 5 s (and loanbot gives up after 2 s): the ack waits on neither
    const shown = await h.slack.waitForEphemeral(ASHA, /not answering/, { timeoutMs: 8000 });
    expect(visibleText(shown)).toContain('Credgenics is not answering (timed out after 2 s)');
  });

  it('reports a malformed Credgenics body without a stack trace', async () => {
    h.credgenics.setFault({ body: '{"loan_details": ' });
    await h.slack.slashCommand({ text: '1002', userId: ASHA, channelId: CHANNEL });
    const shown = await h.slack.waitForEphemeral(ASHA, /cannot read/);
    expect(visibleText(shown)).not.toMatch(/at .*\.ts:\d+/);
  });

  it('answers through the response_url in a channel loanbot is not a member of', async () => {
    await h.slack.slashCommand({ text: '1001', userId: ASHA, channelId: 'C0RANDOM' });
    const message = await h.slack.waitForMessage('C0RANDOM', /Keval Gor/);
    expect(message.via).toBe('response_url');
    expect(message.ephemeralTo).toBeUndefined();
  });
});
