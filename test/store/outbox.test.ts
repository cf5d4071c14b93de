/** Outbox contract, part 1: recording writes and the outcomes people and workers give them. Both backends. */
import { describe, expect, it } from 'vitest';
import { REQUEST_FORMAT_VERSION, UnknownWriteError, WRITE_ID_PATTERN } from '../../src/store/index.ts';
import { backends, storePerTest } from './backends.ts';
import { claimAndSend, failure, newWrite, refused, timeout } from './helpers.ts';

describe.each(backends)('outbox on $name', (backend) => {
  const t = storePerTest(backend);

  describe('record', () => {
    it('stores a pending write, due now, with everything the caller gave and the defaults', async () => {
      const input = newWrite({ fingerprint: 'LN-1001|34500|UTR1', threadTs: '111.222', sourceMessageTs: '111.333' });
      const { created, write } = await t.store.outbox.record(input);
      expect(created).toBe(true);
      expect(write.id).toMatch(WRITE_ID_PATTERN);
      expect(write).toEqual({
        id: write.id,
        idempotencyKey: input.idempotencyKey,
        lender: 'credgenics',
        operation: 'update_payment',
        loanId: 'LN-1001',
        request: { v: REQUEST_FORMAT_VERSION, ...(input.request as object) },
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
        createdAt: t.clock.t,
        updatedAt: t.clock.t,
        sentAt: null,
        confirmedAt: null,
        resolvedBy: null,
        dismissReason: null,
        dueAt: t.clock.t,
        leaseOwner: null,
        leaseExpiresAt: null,
        inFlight: false,
        needsReconcile: false,
        settleAfter: null,
        force: false,
        runBy: 'U_ASHA',
        lockKey: null,
        priority: 0,
        viewId: null,
        maxAttempts: 3,
      });
      expect(await t.store.outbox.get(write.id)).toEqual(write);
      expect(await t.store.outbox.getByKey(input.idempotencyKey)).toEqual(write);
    });

    it('stores the queue fields the caller sets', async () => {
      const due = t.clock.t + 5_000;
      const { write } = await t.store.outbox.record(
        newWrite({ lockKey: 'payment|LN-1001|2026-11', priority: 5, viewId: 'V123', dueAt: due, maxAttempts: 7 }),
      );
      expect(write).toMatchObject({ lockKey: 'payment|LN-1001|2026-11', priority: 5, viewId: 'V123', dueAt: due, maxAttempts: 7 });
      expect(await t.store.outbox.get(write.id)).toEqual(write);
    });

    it('keeps one row per idempotency key and returns the first one again', async () => {
      const first = await t.store.outbox.record(newWrite({ idempotencyKey: 'view-V123' }));
      t.clock.advance(1_000);
      const second = await t.store.outbox.record(newWrite({ idempotencyKey: 'view-V123', summary: 'something else' }));
      expect(second.created).toBe(false);
      expect(second.write).toEqual(first.write);
      expect(await t.store.outbox.listByLoan('LN-1001', { limit: 10, offset: 0 })).toHaveLength(1);
    });

    it('creates one row when the same key is recorded many times at once', async () => {
      const results = await Promise.all(Array.from({ length: 20 }, () => t.store.outbox.record(newWrite({ idempotencyKey: 'view-DOUBLE' }))));
      expect(results.filter((r) => r.created)).toHaveLength(1);
      expect(new Set(results.map((r) => r.write.id)).size).toBe(1);
      expect((await t.store.outbox.counts()).pending).toBe(1);
    });

    it('gives every write its own id', async () => {
      const ids = new Set<string>();
      for (let i = 0; i < 100; i++) ids.add((await t.store.outbox.record(newWrite())).write.id);
      expect(ids.size).toBe(100);
    });

    it('rejects bad input without storing anything', async () => {
      await expect(t.store.outbox.record(newWrite({ idempotencyKey: '' }))).rejects.toThrow(/idempotencyKey/);
      await expect(t.store.outbox.record(newWrite({ lender: 'hdfc' as never }))).rejects.toThrow(/lender/);
      await expect(t.store.outbox.record(newWrite({ request: undefined }))).rejects.toThrow(/request/);
      await expect(t.store.outbox.record(newWrite({ request: { n: 1n } }))).rejects.toThrow(/request/);
      await expect(t.store.outbox.record(newWrite({ priority: -1 }))).rejects.toThrow(/priority/);
      await expect(t.store.outbox.record(newWrite({ maxAttempts: 0 }))).rejects.toThrow(/maxAttempts/);
      await expect(t.store.outbox.record(newWrite({ dueAt: 1.5 }))).rejects.toThrow(/dueAt/);
      expect(await t.store.outbox.counts()).toEqual({ pending: 0, sending: 0, confirmed: 0, failed: 0, dismissed: 0 });
    });

    it('answers undefined for unknown ids and keys', async () => {
      expect(await t.store.outbox.get('w_nosuchwrite0')).toBeUndefined();
      expect(await t.store.outbox.getByKey('nope')).toBeUndefined();
    });
  });

  describe('outcomes', () => {
    it('fails, is requeued and confirmed, keeping the failure as history', async () => {
      const { write } = await t.store.outbox.record(newWrite());
      await claimAndSend(t.store);
      t.clock.advance(10_000);
      const failed = await t.store.outbox.markFailed(write.id, timeout);
      expect(failed).toMatchObject({
        state: 'failed', attempts: 1, lastStatus: null, lastError: 'timed out after 10 s', lenderMessage: null,
        retryable: true, updatedAt: t.clock.t, dueAt: null, leaseOwner: null, leaseExpiresAt: null, inFlight: false,
      });

      t.clock.advance(60_000);
      await t.store.outbox.requeue(write.id, { by: 'U_RAVI', dueAt: t.clock.t, force: false, maxAttempts: 3 });
      const retried = await claimAndSend(t.store);
      expect(retried).toMatchObject({ id: write.id, state: 'sending', attempts: 2, sentAt: t.clock.t, runBy: 'U_RAVI' });

      t.clock.advance(800);
      const confirmed = await t.store.outbox.markConfirmed(write.id, { result: { status: 'ok', txn: 'T9' }, by: 'U_RAVI' });
      expect(confirmed).toMatchObject({
        state: 'confirmed', attempts: 2, result: { status: 'ok', txn: 'T9' }, confirmedAt: t.clock.t, resolvedBy: 'U_RAVI',
        lastError: 'timed out after 10 s', dueAt: null, leaseOwner: null, leaseExpiresAt: null, inFlight: false, needsReconcile: false,
      });
      expect(await t.store.outbox.get(write.id)).toEqual(confirmed);
    });

    it('records the lender status and its own words on a refusal', async () => {
      const { write } = await t.store.outbox.record(newWrite());
      await claimAndSend(t.store);
      expect(await t.store.outbox.markFailed(write.id, refused)).toMatchObject({
        state: 'failed', lastStatus: 422, lastError: 'lender refused the payment', lenderMessage: 'amount exceeds outstanding',
        retryable: false, needsReconcile: false,
      });
    });

    it('marks an uncertain failure for reconciliation, not before its settle time', async () => {
      const { write } = await t.store.outbox.record(newWrite());
      await claimAndSend(t.store);
      const failed = await t.store.outbox.markFailed(write.id, failure({ status: 502, uncertain: true, settleAfter: t.clock.t + 90_000 }));
      expect(failed).toMatchObject({ state: 'failed', needsReconcile: true, settleAfter: t.clock.t + 90_000, lastStatus: 502 });
    });

    it('confirms idempotently and never lets a late failure downgrade a confirmed write', async () => {
      const { write } = await t.store.outbox.record(newWrite());
      await claimAndSend(t.store);
      const confirmed = await t.store.outbox.markConfirmed(write.id, { result: { ok: 1 } });
      expect(confirmed.resolvedBy).toBeNull();
      t.clock.advance(5);
      expect(await t.store.outbox.markConfirmed(write.id, { result: { ok: 2 }, by: 'U_X' })).toEqual(confirmed);
      expect(await t.store.outbox.markFailed(write.id, timeout)).toEqual(confirmed);
      expect(await t.store.outbox.requeue(write.id, { by: 'U_X', dueAt: t.clock.t, force: true, maxAttempts: 1 })).toBeUndefined();
      expect(await t.store.outbox.claimNext({ owner: 'w', leaseMs: 1_000, settleMs: 0 })).toBeUndefined();
    });

    it('dismisses a failed write with who and why', async () => {
      const { write } = await t.store.outbox.record(newWrite());
      await claimAndSend(t.store);
      await t.store.outbox.markFailed(write.id, refused);
      t.clock.advance(1_000);
      const dismissed = await t.store.outbox.markDismissed(write.id, 'U_LEAD', 'entered in Credgenics by hand');
      expect(dismissed).toMatchObject({ state: 'dismissed', resolvedBy: 'U_LEAD', dismissReason: 'entered in Credgenics by hand', updatedAt: t.clock.t });
      expect(await t.store.outbox.markDismissed(write.id, 'U_LEAD', 'again')).toBeUndefined();
      expect(await t.store.outbox.markFailed(write.id, timeout)).toEqual(dismissed);
    });

    it('dismisses a pending write only when asked to, and never a sending or confirmed one', async () => {
      const pending = (await t.store.outbox.record(newWrite())).write;
      expect(await t.store.outbox.markDismissed(pending.id, 'U_LEAD', 'duplicate')).toBeUndefined();
      expect(await t.store.outbox.markDismissed(pending.id, 'U_LEAD', 'duplicate', ['pending', 'failed'])).toMatchObject({ state: 'dismissed', dueAt: null });
      expect(await t.store.outbox.claimNext({ owner: 'w', leaseMs: 1_000, settleMs: 0 })).toBeUndefined();

      const done = (await t.store.outbox.record(newWrite())).write;
      await claimAndSend(t.store);
      expect(await t.store.outbox.markDismissed(done.id, 'U_LEAD', 'too late', ['pending', 'failed', 'sending'])).toBeUndefined();
      await t.store.outbox.markConfirmed(done.id, { result: null });
      expect(await t.store.outbox.markDismissed(done.id, 'U_LEAD', 'too late', ['failed', 'confirmed'])).toBeUndefined();
      expect(await t.store.outbox.get(done.id)).toMatchObject({ state: 'confirmed', dismissReason: null });
      expect(await t.store.outbox.markDismissed('w_nosuchwrite0', 'U_LEAD', 'x')).toBeUndefined();
      await expect(t.store.outbox.markDismissed(done.id, 'U_LEAD', 'x', ['bogus' as never])).rejects.toThrow(TypeError);
      await expect(t.store.outbox.markDismissed(done.id, 'U_LEAD', '')).rejects.toThrow(/reason/);
    });

    it('never confirms a dismissed write', async () => {
      const { write } = await t.store.outbox.record(newWrite());
      const dismissed = await t.store.outbox.markDismissed(write.id, 'U_LEAD', 'gave up', ['pending']);
      expect(await t.store.outbox.markConfirmed(write.id, { result: { found: true }, by: 'U_RAVI' })).toEqual(dismissed);
      expect(await t.store.outbox.get(write.id)).toMatchObject({ state: 'dismissed', resolvedBy: 'U_LEAD', result: null });
    });

    it('throws UnknownWriteError where a write must exist', async () => {
      await expect(t.store.outbox.markConfirmed('w_nosuchwrite0', { result: 1 })).rejects.toBeInstanceOf(UnknownWriteError);
      await expect(t.store.outbox.markFailed('w_nosuchwrite0', timeout)).rejects.toBeInstanceOf(UnknownWriteError);
      await expect(t.store.outbox.addAlert('w_nosuchwrite0', { channel: 'C', ts: '1.1' })).rejects.toBeInstanceOf(UnknownWriteError);
    });

    it('records a confirmation or failure even when its details are odd', async () => {
      const { write } = await t.store.outbox.record(newWrite());
      await claimAndSend(t.store);
      const failed = await t.store.outbox.markFailed(write.id, { ...timeout, status: Number.NaN, error: 'odd', settleAfter: Number.POSITIVE_INFINITY });
      expect(failed).toMatchObject({ state: 'failed', lastStatus: null, lastError: 'odd' });
      const confirmed = await t.store.outbox.markConfirmed(write.id, { result: { big: 1n }, by: '' });
      expect(confirmed).toMatchObject({ state: 'confirmed', result: null, resolvedBy: null });
    });

    it('remembers alerts in order, without duplicates, leaving updatedAt alone', async () => {
      const { write } = await t.store.outbox.record(newWrite());
      t.clock.advance(1_000);
      await t.store.outbox.addAlert(write.id, { channel: 'C_ALERTS', ts: '1.1' });
      await t.store.outbox.addAlert(write.id, { channel: 'D_ASHA', ts: '2.2' });
      await t.store.outbox.addAlert(write.id, { channel: 'C_ALERTS', ts: '1.1' });
      expect(await t.store.outbox.get(write.id)).toMatchObject({
        alerts: [{ channel: 'C_ALERTS', ts: '1.1' }, { channel: 'D_ASHA', ts: '2.2' }],
        updatedAt: write.updatedAt,
      });
      await expect(t.store.outbox.addAlert(write.id, { channel: '', ts: '1' })).rejects.toThrow(TypeError);
    });

    it('keeps every alert when several are added at once', async () => {
      const { write } = await t.store.outbox.record(newWrite());
      await Promise.all(Array.from({ length: 10 }, (_, i) => t.store.outbox.addAlert(write.id, { channel: 'C_ALERTS', ts: `${i}.0` })));
      expect((await t.store.outbox.get(write.id))?.alerts).toHaveLength(10);
    });
  });
});
