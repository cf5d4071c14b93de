/**
 * Edit & retry names the failed payment it replaces in the modal's metadata. A submission naming any
 * other write (another loan's, a pending one, a confirmed one) is refused with nothing sent, and that
 * write is left as it was.
 */
import { describe, expect, it } from 'vitest';
import { useHarness } from './use-harness.ts';
import { ASHA, CHANNEL, GOOD_PAYMENT, patchesTo } from './payment-helpers.ts';

const h = useHarness();
let n = 0;

/** A payment write in the outbox, left in `state` ('pending', or 'failed' after a 400). */
async function writeIn(loanId: string, state: 'pending' | 'failed') {
  const outbox = h.app.services.store.outbox;
  const { write } = await outbox.record({
    idempotencyKey: `test:${++n}`,
    lender: 'credgenics',
    operation: 'update_payment',
    loanId,
    request: { operation: 'update_payment', loanId, allocationMonth: '2026-11-01', body: { amount_recovered: 100, final_status: 'Partially Recovered', payment_method: 'Online' }, baselineRecovered: null },
    summary: '₹100',
    requestedBy: ASHA,
    channelId: CHANNEL,
    // Never due: the app's worker leaves it where this test puts it.
    dueAt: Date.now() + 3_600_000,
  });
  if (state === 'failed') {
    await outbox.markFailed(write.id, { status: 400, error: 'HTTP 400', lenderMessage: 'bad', retryable: false, uncertain: false });
  }
  return write.id;
}

/** Asha's payment review for `loanId`, submitted by a forged request naming `replaces` in its metadata. */
async function submitReplacing(loanId: string, replaces: string, reference: string) {
  await h.slack.slashCommand({ text: `pay ${loanId}`, userId: ASHA, channelId: CHANNEL });
  await h.slack.waitForView(ASHA, 'payment_form');
  await h.slack.submitView({ userId: ASHA, values: { ...GOOD_PAYMENT, reference } });
  const view = h.slack.topView(ASHA)!;
  const metadata = JSON.parse(view.private_metadata) as { form: Record<string, unknown> };
  metadata.form['replaces'] = replaces;
  const payload = { type: 'view_submission', user: { id: ASHA, name: 'asha', team_id: 'T0LOANBOT' }, team: { id: 'T0LOANBOT' }, trigger_id: `9.9.${reference}`, view: { ...view, private_metadata: JSON.stringify(metadata), state: { values: {} } } };
  const result = await h.slack.sendRaw({ body: `payload=${encodeURIComponent(JSON.stringify(payload))}`, contentType: 'application/x-www-form-urlencoded' });
  await h.slack.closeView({ userId: ASHA }).catch(() => undefined);
  await new Promise((resolve) => setTimeout(resolve, 200));
  return result;
}

describe('replaces', () => {
  it('refuses to replace another loan’s failed payment', async () => {
    const other = await writeIn('1003', 'failed');
    const result = await submitReplacing('1002', other, 'REPL-0001');
    expect(result.body).toContain('cannot be sent as an Edit & retry');
    expect(result.body).toContain('loan 1003');
    expect((await h.app.services.store.outbox.get(other))?.state).toBe('failed');
    expect(patchesTo(h, '1002')).toHaveLength(0);
  });

  it('never dismisses a pending write', async () => {
    const pending = await writeIn('1002', 'pending');
    const result = await submitReplacing('1002', pending, 'REPL-0002');
    expect(result.body).toContain('pending, not failed');
    expect((await h.app.services.store.outbox.get(pending))?.state).toBe('pending');
    expect(patchesTo(h, '1002')).toHaveLength(0);
  });

  it('refuses a write id loanbot never made', async () => {
    const result = await submitReplacing('1002', 'w_aaaaaaaaaaaa', 'REPL-0003');
    expect(result.body).toContain('no record');
    expect(patchesTo(h, '1002')).toHaveLength(0);
  });
});
