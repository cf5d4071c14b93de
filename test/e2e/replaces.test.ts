/**
 * Edit & retry names the failed write it replaces in the modal's metadata (a payment, an Update loan, an
 * Add loan, an Update in Apollo). A submission naming any other write (another loan's, another
 * operation's, a pending one, one loanbot never made) is refused with nothing sent, and that write is
 * left as it was.
 */
import { describe, expect, it } from 'vitest';
import { useHarness } from './use-harness.ts';
import { ASHA, CHANNEL, GOOD_PAYMENT, patchesTo } from './payment-helpers.ts';
import { APOLLO_DATES, LENDING_LOAN, apolloReview } from './write-forms.ts';

const h = useHarness({ apollo: true });
const apolloUpdates = () => (h.apollo?.requests ?? []).filter((r) => r.endpoint === 'update');

/** A write in the outbox, never due (the app's worker leaves it), left pending or failed after a 400. */
let n = 0;
async function writeIn(operation: 'apollo_update' | 'update_loan' | 'add_loan' | 'update_payment', loanId: string, state: 'pending' | 'failed') {
  const outbox = h.app.services.store.outbox;
  const request =
    operation === 'update_payment'
      ? { operation, loanId, allocationMonth: '2026-11-01', body: { amount_recovered: 100, final_status: 'Partially Recovered', payment_method: 'Online' }, baselineRecovered: null }
      : { operation, loanId, body: operation === 'apollo_update' ? { partner_tag: 'LOANBOT-E2E', loan_type: 'PL', loan_information: { disbursement_date: '05/01/2026', first_emi_date: '04/02/2026' } } : { loan_id: loanId } };
  const { write } = await outbox.record({
    idempotencyKey: `forged:${++n}`,
    lender: operation === 'apollo_update' ? 'apollo' : 'credgenics',
    operation,
    loanId,
    request,
    summary: 'a write',
    requestedBy: ASHA,
    channelId: CHANNEL,
    dueAt: Date.now() + 3_600_000,
  });
  if (state === 'failed') await outbox.markFailed(write.id, { status: 400, error: 'HTTP 400', lenderMessage: 'bad', retryable: false, uncertain: false });
  return write.id;
}

/** The review now open for Asha, submitted by a forged request whose metadata names `replaces`. */
async function submitForged(where: 'form' | 'top', replaces: string) {
  const view = h.slack.topView(ASHA)!;
  const metadata = JSON.parse(view.private_metadata) as Record<string, Record<string, unknown>>;
  if (where === 'form') metadata['form']!['replaces'] = replaces;
  else (metadata as Record<string, unknown>)['replaces'] = replaces;
  const payload = { type: 'view_submission', user: { id: ASHA, name: 'asha', team_id: 'T0LOANBOT' }, team: { id: 'T0LOANBOT' }, trigger_id: `9.9.${++n}`, view: { ...view, private_metadata: JSON.stringify(metadata), state: { values: {} } } };
  const result = await h.slack.sendRaw({ body: `payload=${encodeURIComponent(JSON.stringify(payload))}`, contentType: 'application/x-www-form-urlencoded' });
  await h.slack.closeView({ userId: ASHA }).catch(() => undefined);
  await h.waitUntilQuiet();
  return result.body;
}

/** Asha's payment review for `loanId`, submitted by a forged request naming `replaces` in its metadata. */
async function submitReplacing(loanId: string, replaces: string, reference: string) {
  await h.slack.slashCommand({ text: `pay ${loanId}`, userId: ASHA, channelId: CHANNEL });
  await h.slack.waitForView(ASHA, 'payment_form');
  await h.slack.submitView({ userId: ASHA, values: { ...GOOD_PAYMENT, reference } });
  return submitForged('form', replaces);
}

describe('replaces', () => {
  it('refuses to replace another loan’s failed payment', async () => {
    const other = await writeIn('update_payment', '1003', 'failed');
    const result = await submitReplacing('1002', other, 'REPL-0001');
    expect(result).toContain('cannot be sent as an Edit & retry');
    expect(result).toContain('loan 1003');
    expect((await h.app.services.store.outbox.get(other))?.state).toBe('failed');
    expect(patchesTo(h, '1002')).toHaveLength(0);
  });

  it('never dismisses a pending write', async () => {
    const pending = await writeIn('update_payment', '1002', 'pending');
    const result = await submitReplacing('1002', pending, 'REPL-0002');
    expect(result).toContain('pending, not failed');
    expect((await h.app.services.store.outbox.get(pending))?.state).toBe('pending');
    expect(patchesTo(h, '1002')).toHaveLength(0);
  });

  it('refuses a write id loanbot never made', async () => {
    const result = await submitReplacing('1002', 'w_aaaaaaaaaaaa', 'REPL-0003');
    expect(result).toContain('no record');
    expect(patchesTo(h, '1002')).toHaveLength(0);
  });
});

describe('replaces, for every other write', () => {
  it('Update in Apollo naming another loan’s failed update, or a pending one of this loan', async () => {
    const other = await writeIn('apollo_update', 'Tesst002', 'failed');
    await apolloReview(h, 'Tesst001', APOLLO_DATES);
    const body = await submitForged('form', other);
    expect(body).toContain('cannot be sent as an Edit & retry');
    expect(body).toContain('loan Tesst002');

    const pending = await writeIn('apollo_update', 'Tesst001', 'pending');
    await apolloReview(h, 'Tesst001', APOLLO_DATES);
    expect(await submitForged('form', pending)).toContain('pending, not failed');

    expect(apolloUpdates()).toHaveLength(0);
    expect((await h.app.services.store.outbox.get(other))?.state).toBe('failed');
    expect((await h.app.services.store.outbox.get(pending))?.state).toBe('pending');
  });

  it('Update loan naming another loan’s failed update, a pending one, or a failed payment of this loan', async () => {
    const other = await writeIn('update_loan', '1003', 'failed');
    const pending = await writeIn('update_loan', '1004', 'pending');
    const payment = await writeIn('update_payment', '1004', 'failed');
    const expectations: Array<[string, string]> = [[other, 'loan 1003'], [pending, 'pending, not failed'], [payment, 'not an Update loan']];
    for (const [replaces, says] of expectations) {
      await h.slack.slashCommand({ text: 'update 1004', userId: ASHA, channelId: CHANNEL });
      await h.slack.waitForView(ASHA, 'update_loan_form');
      await h.slack.submitView({ userId: ASHA, values: { emi_amount: '6,777' } });
      const body = await submitForged('form', replaces);
      expect(body).toContain('cannot be sent as an Edit & retry');
      expect(body).toContain(says);
    }
    expect(h.credgenics.requests.filter((r) => r.method === 'PATCH')).toHaveLength(0);
    for (const [id, state] of [[other, 'failed'], [pending, 'pending'], [payment, 'failed']] as const) {
      expect((await h.app.services.store.outbox.get(id))?.state).toBe(state);
    }
  });

  it('Add loan naming another loan’s failed add, or a pending one of this loan', async () => {
    const other = await writeIn('add_loan', 'EDIT-ADD-9', 'failed');
    const pending = await writeIn('add_loan', 'EDIT-ADD-2', 'pending');
    for (const [replaces, says] of [[other, 'loan EDIT-ADD-9'], [pending, 'pending, not failed']] as const) {
      await h.slack.slashCommand({ text: 'add', userId: ASHA, channelId: CHANNEL });
      await h.slack.waitForView(ASHA, (v) => v.callback_id === 'add_loan_form' && !JSON.stringify(v.blocks).includes('EDIT-ADD-2'));
      await h.slack.submitView({ userId: ASHA, values: { ...LENDING_LOAN, loan_id: 'EDIT-ADD-2' } });
      const body = await submitForged('top', replaces);
      expect(body).toContain('cannot be sent as an Edit & retry');
      expect(body).toContain(says);
    }
    expect(h.credgenics.requests.filter((r) => r.method === 'POST')).toHaveLength(0);
    expect((await h.app.services.store.outbox.get(other))?.state).toBe('failed');
    expect((await h.app.services.store.outbox.get(pending))?.state).toBe('pending');
  });
});

