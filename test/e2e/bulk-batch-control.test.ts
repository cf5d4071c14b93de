/**
 * A batch on its way: Confirm twice, a restart mid-batch, Cancel, Retry failed rows, the pace, and
 * people's own payments going first. What a person sees and what Credgenics receives.
 */
import { describe, expect, it } from 'vitest';
import { visibleText } from './harness.ts';
import { useHarness } from './use-harness.ts';
import { ASHA, CHANNEL, HEADER, MONTH, batchMessageOf, patchesTo, reviewOf, waitForBatchEnd } from './bulk-helpers.ts';
import { GOOD_PAYMENT, openPaymentByCommand } from './payment-helpers.ts';

const MEERA = 'U03MEERA';

// Fast enough that a batch of tens of rows takes a second or two, slow enough that a batch is still on its
// way while a test presses Cancel, restarts the app or records a payment by hand.
const PER_SECOND = 10;
const h = useHarness({ env: { CREDGENICS_WRITES_PER_SECOND: String(PER_SECOND) } });

/** n rows spread over loans 1001–1004 (a reference each, so none is a duplicate). */
function rows(n: number, tag: string): string {
  const lines = Array.from({ length: n }, (_, i) => `${1001 + (i % 4)},${100 + i},Closed,Cash,${MONTH.iso},,${tag}-${i}`);
  return [HEADER, ...lines].join('\n');
}
const patches = () => h.credgenics.requests.filter((r) => r.method === 'PATCH');

// Batches take seconds of real time at the pace; a wait for a batch's end (up to 30 s) must fail with its
// own description, not the test's timeout.
describe('a bulk batch on its way', { timeout: 45_000 }, () => {
  it('Confirm pressed twice sends each row once', async () => {
    await reviewOf(h, 'twice.csv', rows(4, 'TW'));
    const [a, b] = await Promise.all([h.slack.submitView({ userId: ASHA }), h.slack.submitView({ userId: ASHA })]);
    expect([a.outcome, b.outcome]).toEqual(['updated', 'updated']);
    const said = [a, b].map((r) => visibleText({ blocks: r.viewAfter?.blocks ?? [] })).join('\n');
    expect(said).toContain('nothing was sent twice');
    await waitForBatchEnd(h, 'twice.csv');
    expect(patches()).toHaveLength(4);
    expect(h.slack.messages(CHANNEL).filter((m) => m.text.startsWith('Bulk payments from twice.csv'))).toHaveLength(1);
  });

  it('sends at CREDGENICS_WRITES_PER_SECOND, never more in any one second', async () => {
    // Over two seconds' worth of rows, so that several one-second windows are full.
    const n = 2 * PER_SECOND + 2;
    await reviewOf(h, 'paced.csv', rows(n, 'PC'));
    await h.slack.submitView({ userId: ASHA });
    await waitForBatchEnd(h, 'paced.csv');
    const times = patches().map((r) => r.at).sort((x, y) => x - y);
    expect(times).toHaveLength(n);
    // Times are when Credgenics received each request: on a busy machine one can arrive a little late, which
    // shortens the window it opens. A quarter of the gap between rows allows for that and still catches a
    // faster pace (at one row a second more, the windows would be about 90 ms short).
    const jitterMs = 250 / PER_SECOND;
    for (let i = PER_SECOND; i < times.length; i++) expect(times[i]! - times[i - PER_SECOND]!).toBeGreaterThanOrEqual(1000 - jitterMs);
    expect(times.at(-1)! - times[0]!).toBeLessThan((n * 1000) / PER_SECOND + 1_500);
  });

  it('a person’s own payment goes before the rows of a batch', async () => {
    // Meera has her payment up to its review while Asha's batch starts; she confirms once two rows went out.
    await openPaymentByCommand(h, '1002', MEERA);
    await h.slack.submitView({ userId: MEERA, values: { ...GOOD_PAYMENT, reference: 'BY-HAND-1' } });
    await reviewOf(h, 'behind.csv', rows(3 * PER_SECOND, 'BH'));
    await h.slack.submitView({ userId: ASHA });
    await h.slack.waitFor(() => (patches().length >= 2 ? true : undefined));
    await h.slack.submitView({ userId: MEERA });
    await h.slack.waitForMessage(CHANNEL, /Payment recorded on loan 1002/, { timeoutMs: 10_000 });
    const byHand = patches().findIndex((r) => JSON.stringify(r.body).includes('BY-HAND-1'));
    expect(byHand).toBeGreaterThanOrEqual(0);
    expect(byHand).toBeLessThan(8); // not behind the 28 waiting bulk rows
    await waitForBatchEnd(h, 'behind.csv');
  });

  it('a restart mid-batch sends the rest, each row once', async () => {
    await reviewOf(h, 'restart.csv', rows(2 * PER_SECOND, 'RS'));
    await h.slack.submitView({ userId: ASHA });
    await h.slack.waitFor(() => (patches().length >= 3 ? true : undefined));
    await h.restart();
    await waitForBatchEnd(h, 'restart.csv', / done/, 30_000);
    const references = patches().map((r) => (r.body as { payment_reference_number?: string }).payment_reference_number);
    expect(references.sort()).toEqual(Array.from({ length: 2 * PER_SECOND }, (_, i) => `RS-${i}`).sort());
    expect(visibleText(batchMessageOf(h, 'restart.csv'))).toContain(`*${2 * PER_SECOND}* recorded`);
  });

  it('a batch whose recording was cut short (the instance stopped after Confirm) is recorded to the end at the next start, each row once', async () => {
    await reviewOf(h, 'cut.csv', rows(6, 'CUT'));
    const { batchId } = JSON.parse(h.slack.topView(ASHA)?.private_metadata ?? '{}') as { batchId: string };
    // What Confirm does first, and nothing after it: the process died before recording a single row.
    expect(await h.app.services.store.bulk.confirm(batchId, { includeDuplicates: false })).toMatchObject({ state: 'confirmed' });
    await h.slack.closeView({ userId: ASHA }).catch(() => undefined);
    await h.waitUntilQuiet({ quietMs: 300 });
    expect(patches().filter((r) => String((r.body as { payment_reference_number?: string }).payment_reference_number).startsWith('CUT-'))).toHaveLength(0);

    await h.restart();
    const sent = () => patches().map((r) => (r.body as { payment_reference_number?: string }).payment_reference_number).filter((ref) => String(ref).startsWith('CUT-'));
    await h.slack.waitFor(() => (sent().length >= 6 ? true : undefined), { timeoutMs: 15_000 });
    await h.waitUntilQuiet({ quietMs: 300 });
    expect(sent().sort()).toEqual(Array.from({ length: 6 }, (_, i) => `CUT-${i}`).sort());
  });

  it('Cancel stops the rows not yet sent; they are never sent', async () => {
    // Six seconds' worth of rows: the Cancel lands while most are still waiting, even on a busy machine.
    const n = 6 * PER_SECOND;
    await reviewOf(h, 'cancel.csv', rows(n, 'CN'));
    await h.slack.submitView({ userId: ASHA });
    const message = await h.slack.waitFor(() => (patches().length >= 2 ? batchMessageOf(h, 'cancel.csv') : undefined));
    const cancel = JSON.stringify(message.blocks);
    expect(cancel).toContain('"Cancel this batch?"'); // Slack asks the person to confirm first
    await h.slack.clickButton({ messageTs: message.ts, actionId: 'bulk_cancel', userId: ASHA, channelId: CHANNEL });
    const end = await waitForBatchEnd(h, 'cancel.csv', /cancelled by/);
    const sent = patches().length;
    expect(sent).toBeLessThan(n);
    expect(visibleText(end)).toMatch(/\*\d+\* cancelled \(not sent\)/);
    // Quiet for several rows' worth of pace: a row still scheduled would have gone out meanwhile.
    await h.waitUntilQuiet({ quietMs: 5_000 / PER_SECOND });
    expect(patches().length).toBe(sent);
    const results = await h.slack.waitFor(() => h.slack.sharedFiles(CHANNEL).find((f) => f.title === 'Results of cancel.csv'));
    expect(results.bytes.toString('utf8').match(/cancelled \(not sent\)/g)?.length).toBe(n - sent);
  });

  it('failed rows are listed with Credgenics’ reason, without an alert each, and Retry failed rows sends them again', async () => {
    h.credgenics.setFault({ match: { method: 'PATCH' }, status: 400, body: { message: 'payment_method is locked for this loan' }, times: 2 });
    await reviewOf(h, 'retry.csv', rows(4, 'RT'));
    await h.slack.submitView({ userId: ASHA });
    const end = await waitForBatchEnd(h, 'retry.csv');
    const text = visibleText(end);
    expect(text).toContain('*2* recorded');
    expect(text).toContain('*2* failed');
    expect(text).toContain('payment_method is locked for this loan (HTTP 400)');
    expect(h.slack.allMessages().filter((m) => /loan 100\d failed/.test(m.text))).toHaveLength(0); // no alert per row
    expect(h.slack.messages('C0ALERTS')).toHaveLength(0);
    await h.slack.clickButton({ messageTs: end.ts, actionId: 'bulk_retry', userId: ASHA, channelId: CHANNEL });
    const after = await h.slack.waitFor(() => {
      const m = batchMessageOf(h, 'retry.csv');
      return m && visibleText(m).includes('*4* recorded') ? m : undefined;
    }, { timeoutMs: 15_000 });
    expect(visibleText(after)).not.toContain('Retry failed rows');
    expect(patches()).toHaveLength(6);
    expect(h.credgenics.payments('1001').length + h.credgenics.payments('1002').length + h.credgenics.payments('1003').length + h.credgenics.payments('1004').length).toBeGreaterThanOrEqual(4);
  });

  it('the batch shows in /loan history for its loans', async () => {
    await reviewOf(h, 'history.csv', [HEADER, `1003,4321,Closed,Cash,${MONTH.iso},,HI-1`].join('\n'));
    await h.slack.submitView({ userId: ASHA });
    await waitForBatchEnd(h, 'history.csv');
    const ack = await h.slack.slashCommand({ text: 'history 1003', userId: ASHA, channelId: CHANNEL });
    expect(ack.status).toBe(200);
    const shown = await h.slack.waitForEphemeral(ASHA, /History of loan 1003/);
    expect(visibleText(shown)).toContain('bulk file history.csv row 2');
    expect(visibleText(shown)).toContain('Record payment: done');
    expect(patchesTo(h, '1003').length).toBeGreaterThan(0);
  });
});
