import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, UnknownWriteError, WRITE_ID_PATTERN, type Store } from '../../src/store/index.ts';
import { newWrite, TestClock } from './helpers.ts';

let clock: TestClock;
let store: Store;
beforeEach(() => {
  clock = new TestClock();
  store = openStore({ dataDir: ':memory:', now: clock.now });
});
afterEach(() => store.close());

const timeout = { status: null, error: 'timed out after 10 s', lenderMessage: null, retryable: true };
const refused = { status: 422, error: 'lender refused the payment', lenderMessage: 'amount exceeds outstanding', retryable: false };

describe('record', () => {
  it('stores a pending write with everything the caller gave', async () => {
    const input = newWrite({ fingerprint: 'LN-1001|34500|UTR1', threadTs: '111.222', sourceMessageTs: '111.333' });
    const { created, write } = await store.outbox.record(input);
    expect(created).toBe(true);
    expect(write.id).toMatch(WRITE_ID_PATTERN);
    expect(write).toMatchObject({
      idempotencyKey: input.idempotencyKey,
      lender: 'credgenics',
      operation: 'update_payment',
      loanId: 'LN-1001',
      request: input.request,
      summary: input.summary,
      fingerprint: 'LN-1001|34500|UTR1',
      requestedBy: 'U_ASHA',
      channelId: 'C_COLLECTIONS',
      threadTs: '111.222',
      sourceMessageTs: '111.333',
      state: 'pending',
      attempts: 0,
      lastStatus: null,
      lastError: null,
      lenderMessage: null,
      retryable: null,
      result: null,
      alerts: [],
      createdAt: clock.t,
      updatedAt: clock.t,
      sentAt: null,
      confirmedAt: null,
      resolvedBy: null,
      dismissReason: null,
    });
    expect(await store.outbox.get(write.id)).toEqual(write);
    expect(await store.outbox.getByKey(input.idempotencyKey)).toEqual(write);
  });

  it('keeps one row per idempotency key and returns the first one again', async () => {
    const first = await store.outbox.record(newWrite({ idempotencyKey: 'view-V123' }));
    clock.advance(1_000);
    const second = await store.outbox.record(newWrite({ idempotencyKey: 'view-V123', summary: 'something else' }));
    expect(second.created).toBe(false);
    expect(second.write).toEqual(first.write);
    expect(await store.outbox.listByLoan('LN-1001', { limit: 10, offset: 0 })).toHaveLength(1);
  });

  it('gives every write its own id', async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 200; i++) ids.add((await store.outbox.record(newWrite())).write.id);
    expect(ids.size).toBe(200);
  });

  it('rejects bad input without storing anything', async () => {
    await expect(store.outbox.record(newWrite({ idempotencyKey: '' }))).rejects.toThrow(/idempotencyKey/);
    await expect(store.outbox.record(newWrite({ lender: 'hdfc' as never }))).rejects.toThrow(/lender/);
    await expect(store.outbox.record(newWrite({ request: undefined }))).rejects.toThrow(/request/);
    await expect(store.outbox.record(newWrite({ request: { n: 1n } }))).rejects.toThrow(/request/);
    expect(await store.outbox.counts()).toEqual({ pending: 0, sending: 0, confirmed: 0, failed: 0, dismissed: 0 });
  });

  it('answers undefined for unknown ids and keys', async () => {
    expect(await store.outbox.get('w_nosuchwrite0')).toBeUndefined();
    expect(await store.outbox.getByKey('nope')).toBeUndefined();
  });
});

describe('claim', () => {
  it('moves pending to sending once, counting the attempt', async () => {
    const { write } = await store.outbox.record(newWrite());
    clock.advance(500);
    const claimed = await store.outbox.claim(write.id, ['pending']);
    expect(claimed).toMatchObject({ state: 'sending', attempts: 1, sentAt: clock.t, updatedAt: clock.t, createdAt: write.createdAt });
    expect(await store.outbox.claim(write.id, ['pending'])).toBeUndefined();
    expect(await store.outbox.get(write.id)).toMatchObject({ state: 'sending', attempts: 1 });
  });

  it('refuses unknown ids, empty and invalid state lists', async () => {
    const { write } = await store.outbox.record(newWrite());
    expect(await store.outbox.claim('w_nosuchwrite0', ['pending'])).toBeUndefined();
    expect(await store.outbox.claim(write.id, [])).toBeUndefined();
    await expect(store.outbox.claim(write.id, ['bogus' as never])).rejects.toThrow(TypeError);
    expect((await store.outbox.get(write.id))?.state).toBe('pending');
  });

  it('lets exactly one of 50 concurrent claims win', async () => {
    const { write } = await store.outbox.record(newWrite());
    const results = await Promise.all(Array.from({ length: 50 }, () => store.outbox.claim(write.id, ['pending', 'failed'])));
    expect(results.filter((r) => r !== undefined)).toHaveLength(1);
    expect(await store.outbox.get(write.id)).toMatchObject({ state: 'sending', attempts: 1 });
  });
});

describe('state transitions', () => {
  it('fails, is retried and confirmed, keeping the failure as history', async () => {
    const { write } = await store.outbox.record(newWrite());
    await store.outbox.claim(write.id, ['pending']);
    clock.advance(10_000);
    const failed = await store.outbox.markFailed(write.id, timeout);
    expect(failed).toMatchObject({ state: 'failed', attempts: 1, lastStatus: null, lastError: 'timed out after 10 s', lenderMessage: null, retryable: true, updatedAt: clock.t });

    clock.advance(60_000);
    const retried = await store.outbox.claim(write.id, ['failed']);
    expect(retried).toMatchObject({ state: 'sending', attempts: 2, sentAt: clock.t });

    clock.advance(800);
    const confirmed = await store.outbox.markConfirmed(write.id, { result: { status: 'ok', txn: 'T9' }, by: 'U_RAVI' });
    expect(confirmed).toMatchObject({
      state: 'confirmed',
      attempts: 2,
      result: { status: 'ok', txn: 'T9' },
      confirmedAt: clock.t,
      resolvedBy: 'U_RAVI',
      lastError: 'timed out after 10 s',
    });
    expect(await store.outbox.get(write.id)).toEqual(confirmed);
  });

  it('records the lender status and its own words on a refusal', async () => {
    const { write } = await store.outbox.record(newWrite());
    await store.outbox.claim(write.id, ['pending']);
    expect(await store.outbox.markFailed(write.id, refused)).toMatchObject({
      state: 'failed',
      lastStatus: 422,
      lastError: 'lender refused the payment',
      lenderMessage: 'amount exceeds outstanding',
      retryable: false,
    });
  });

  it('confirms idempotently and never lets a late failure downgrade a confirmed write', async () => {
    const { write } = await store.outbox.record(newWrite());
    await store.outbox.claim(write.id, ['pending']);
    const confirmed = await store.outbox.markConfirmed(write.id, { result: { ok: 1 } });
    expect(confirmed.resolvedBy).toBeNull();
    clock.advance(5);
    expect(await store.outbox.markConfirmed(write.id, { result: { ok: 2 }, by: 'U_X' })).toEqual(confirmed);
    expect(await store.outbox.markFailed(write.id, timeout)).toEqual(confirmed);
    expect(await store.outbox.claim(write.id, ['failed', 'pending'])).toBeUndefined();
  });

  it('dismisses a failed write with who and why', async () => {
    const { write } = await store.outbox.record(newWrite());
    await store.outbox.claim(write.id, ['pending']);
    await store.outbox.markFailed(write.id, refused);
    clock.advance(1_000);
    const dismissed = await store.outbox.markDismissed(write.id, 'U_LEAD', 'entered in Credgenics by hand');
    expect(dismissed).toMatchObject({ state: 'dismissed', resolvedBy: 'U_LEAD', dismissReason: 'entered in Credgenics by hand', updatedAt: clock.t });
    expect(await store.outbox.markDismissed(write.id, 'U_LEAD', 'again')).toBeUndefined();
    expect(await store.outbox.markFailed(write.id, timeout)).toEqual(dismissed);
  });

  it('dismisses a pending write but refuses a confirmed or sending one', async () => {
    const pending = (await store.outbox.record(newWrite())).write;
    expect((await store.outbox.markDismissed(pending.id, 'U_LEAD', 'duplicate'))?.state).toBe('dismissed');

    const done = (await store.outbox.record(newWrite())).write;
    await store.outbox.claim(done.id, ['pending']);
    expect(await store.outbox.markDismissed(done.id, 'U_LEAD', 'too late')).toBeUndefined();
    await store.outbox.markConfirmed(done.id, { result: null });
    expect(await store.outbox.markDismissed(done.id, 'U_LEAD', 'too late')).toBeUndefined();
    expect(await store.outbox.get(done.id)).toMatchObject({ state: 'confirmed', dismissReason: null });
    expect(await store.outbox.markDismissed('w_nosuchwrite0', 'U_LEAD', 'x')).toBeUndefined();
  });

  it('lets reconciliation confirm a dismissed write', async () => {
    const { write } = await store.outbox.record(newWrite());
    await store.outbox.markDismissed(write.id, 'U_LEAD', 'gave up');
    expect(await store.outbox.markConfirmed(write.id, { result: { found: true } })).toMatchObject({
      state: 'confirmed',
      resolvedBy: 'U_LEAD',
      dismissReason: 'gave up',
    });
  });

  it('throws UnknownWriteError where a write must exist', async () => {
    await expect(store.outbox.markConfirmed('w_nosuchwrite0', { result: 1 })).rejects.toBeInstanceOf(UnknownWriteError);
    await expect(store.outbox.markFailed('w_nosuchwrite0', timeout)).rejects.toBeInstanceOf(UnknownWriteError);
    await expect(store.outbox.addAlert('w_nosuchwrite0', { channel: 'C', ts: '1.1' })).rejects.toBeInstanceOf(UnknownWriteError);
  });

  it('replaces the request only while the write is pending or sending', async () => {
    const { write } = await store.outbox.record(newWrite({ request: { amount: 1, baseline: null } }));
    clock.advance(10);
    const updated = await store.outbox.updateRequest(write.id, { amount: 1, baseline: 500 });
    expect(updated).toMatchObject({ request: { amount: 1, baseline: 500 }, state: 'pending', updatedAt: clock.t });
    await store.outbox.claim(write.id, ['pending']);
    expect(await store.outbox.updateRequest(write.id, { amount: 1, baseline: 600 })).toMatchObject({ state: 'sending' });
    await store.outbox.markConfirmed(write.id, { result: {} });
    expect(await store.outbox.updateRequest(write.id, { amount: 2 })).toBeUndefined();
    expect((await store.outbox.get(write.id))?.request).toEqual({ amount: 1, baseline: 600 });
    expect(await store.outbox.updateRequest('w_nosuchwrite0', {})).toBeUndefined();
    await expect(store.outbox.updateRequest(write.id, undefined)).rejects.toThrow(TypeError);
  });

  it('records a confirmation or failure even when its details are odd', async () => {
    const { write } = await store.outbox.record(newWrite());
    await store.outbox.claim(write.id, ['pending']);
    const failed = await store.outbox.markFailed(write.id, { status: Number.NaN, error: 'odd', lenderMessage: null, retryable: true });
    expect(failed).toMatchObject({ state: 'failed', lastStatus: null, lastError: 'odd' });
    await store.outbox.claim(write.id, ['failed']);
    const confirmed = await store.outbox.markConfirmed(write.id, { result: { big: 1n }, by: '' });
    expect(confirmed).toMatchObject({ state: 'confirmed', result: null, resolvedBy: null });
  });

  it('remembers alerts in order, without duplicates', async () => {
    const { write } = await store.outbox.record(newWrite());
    await store.outbox.addAlert(write.id, { channel: 'C_ALERTS', ts: '1.1' });
    await store.outbox.addAlert(write.id, { channel: 'D_ASHA', ts: '2.2' });
    await store.outbox.addAlert(write.id, { channel: 'C_ALERTS', ts: '1.1' });
    expect((await store.outbox.get(write.id))?.alerts).toEqual([
      { channel: 'C_ALERTS', ts: '1.1' },
      { channel: 'D_ASHA', ts: '2.2' },
    ]);
    await expect(store.outbox.addAlert(write.id, { channel: '', ts: '1' })).rejects.toThrow(TypeError);
  });
});
