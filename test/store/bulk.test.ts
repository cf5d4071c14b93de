/** Bulk batches and the pacing of bulk sends: the store's contract, on both backends. */
import { describe, expect, it } from 'vitest';
import type { NewBulkRow } from '../../src/store/index.ts';
import { backends, storePerTest } from './backends.ts';
import { claimOptions, newWrite, refused } from './helpers.ts';

const rows: NewBulkRow[] = [
  { row: 2, loanId: '1001', status: 'valid', reason: null, draft: { loanId: '1001', amount: 500 }, fingerprint: 'payment|1001|500.00|' },
  { row: 3, loanId: '1002', status: 'rejected', reason: '`amount_recovered`: Enter digits only', draft: null, fingerprint: null },
  { row: 5, loanId: '1001', status: 'duplicate', reason: 'repeats row 2', draft: { loanId: '1001', amount: 500 }, fingerprint: 'payment|1001|500.00|' },
  { row: 6, loanId: '1003', status: 'valid', reason: null, draft: { loanId: '1003', amount: 700 }, fingerprint: 'payment|1003|700.00|' },
];
const batch = { fileId: 'F123', fileName: 'payments.csv', requestedBy: 'U1', channelId: 'C1', rows };

describe.each(backends)('bulk batches on $name', (backend) => {
  const t = storePerTest(backend);

  it('keeps a batch and its rows, confirms it once, and counts rows by their writes’ states', async () => {
    const created = await t.store.bulk.create(batch);
    expect(created).toMatchObject({ id: expect.stringMatching(/^b_[a-z2-7]{12}$/), state: 'review', rowCount: 4, messageTs: null, finishedAt: null });
    expect((await t.store.bulk.rows(created.id, { statuses: ['valid'], limit: 10 })).map((r) => [r.row, r.draft])).toEqual([[2, { loanId: '1001', amount: 500 }], [6, { loanId: '1003', amount: 700 }]]);
    const [confirmed, again] = await Promise.all([t.store.bulk.confirm(created.id, { includeDuplicates: false }), t.store.bulk.confirm(created.id, { includeDuplicates: true })].sort(() => 0));
    expect([confirmed, again].filter(Boolean)).toHaveLength(1);

    const a = await t.store.outbox.record(newWrite({ idempotencyKey: 'bulk:F123:2:x', loanId: '1001', priority: 10 }));
    const b = await t.store.outbox.record(newWrite({ idempotencyKey: 'bulk:F123:6:y', loanId: '1003', priority: 10 }));
    await t.store.bulk.setWrite(created.id, 2, a.write.id);
    await t.store.bulk.setWrite(created.id, 6, b.write.id);
    expect(await t.store.bulk.batchOfWrite(b.write.id)).toBe(created.id);
    const claimed = await t.store.outbox.claimNext(claimOptions());
    await t.store.outbox.markFailed(claimed!.id, refused, 'worker-a');
    const counts = await t.store.bulk.counts(created.id);
    expect(counts).toMatchObject({ rows: 4, rejected: 1, unrecorded: 0, byState: { pending: 1, failed: 1 } });
    expect(counts.skipped).toBe(confirmed?.includeDuplicates ? 0 : 1);
    const failed = await t.store.bulk.outcomes(created.id, { writeStates: ['failed'], limit: 10 });
    expect(failed.map((o) => [o.row, o.writeState, o.lenderMessage])).toEqual([[2, 'failed', refused.lenderMessage]]);
    expect((await t.store.bulk.outcomes(created.id, { limit: 10 })).map((o) => o.writeState)).toEqual(['failed', null, null, 'pending']);
    expect((await t.store.bulk.listByLoan('1003', 5)).map((x) => x.id)).toEqual([created.id]);
    expect((await t.store.bulk.listByUser('U1', 5)).map((x) => x.id)).toEqual([created.id]);
  });

  it('lists confirmed batches with a row still to record, and not once every row to send has a write', async () => {
    const created = await t.store.bulk.create(batch);
    expect(await t.store.bulk.listUnrecorded(10)).toEqual([]); // in review: nothing to send yet
    await t.store.bulk.confirm(created.id, { includeDuplicates: false });
    expect((await t.store.bulk.listUnrecorded(10)).map((x) => x.id)).toEqual([created.id]);
    const a = await t.store.outbox.record(newWrite({ idempotencyKey: 'bulk:F123:2:u', loanId: '1001', priority: 10 }));
    await t.store.bulk.setWrite(created.id, 2, a.write.id);
    expect((await t.store.bulk.listUnrecorded(10)).map((x) => x.id)).toEqual([created.id]);
    const b = await t.store.outbox.record(newWrite({ idempotencyKey: 'bulk:F123:6:u', loanId: '1003', priority: 10 }));
    await t.store.bulk.setWrite(created.id, 6, b.write.id);
    expect(await t.store.bulk.listUnrecorded(10)).toEqual([]); // the duplicate (row 5) is left out: not chosen
  });

  it('cancels a confirmed batch once, and hands out one progress turn per gap and one finish', async () => {
    const created = await t.store.bulk.create(batch);
    expect(await t.store.bulk.cancel(created.id, 'U1')).toBeUndefined(); // still in review
    await t.store.bulk.confirm(created.id, { includeDuplicates: false });
    expect(await t.store.bulk.cancel(created.id, 'U2')).toMatchObject({ state: 'cancelled', cancelledBy: 'U2' });
    expect(await t.store.bulk.cancel(created.id, 'U2')).toBeUndefined();
    expect(await t.store.bulk.takeProgressTurn(created.id, 3_000)).toBe(true);
    expect(await t.store.bulk.takeProgressTurn(created.id, 3_000)).toBe(false);
    t.clock.advance(3_000);
    expect(await t.store.bulk.takeProgressTurn(created.id, 3_000)).toBe(true);
    const finishes = await Promise.all([1, 2, 3].map(() => t.store.bulk.takeFinish(created.id)));
    expect(finishes.filter(Boolean)).toHaveLength(1);
  });

  it('reserves send times one after another, across stores on one database', async () => {
    const place = await backend.shared();
    const [a, b] = [await place.open(t.clock.now), await place.open(t.clock.now)];
    try {
      const start = t.clock.t;
      expect(await a.pacing.reserve('credgenics', 10, 200)).toBe(start);
      expect(await b.pacing.reserve('credgenics', 5, 200)).toBe(start + 2_000);
      t.clock.advance(10_000);
      expect(await a.pacing.reserve('credgenics', 1, 200)).toBe(start + 10_000);
    } finally {
      await a.close();
      await b.close();
      await place.cleanup();
    }
  });

  it('grants at most N sends in any second, across stores on one database', async () => {
    const place = await backend.shared();
    const [a, b] = [await place.open(t.clock.now), await place.open(t.clock.now)];
    try {
      const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? a : b).pacing.acquire('credgenics', 5)));
      expect(answers.filter((x) => x.granted)).toHaveLength(5);
      expect(answers.find((x) => !x.granted)).toEqual({ granted: false, retryAt: t.clock.t + 1_000 });
      t.clock.advance(999);
      expect(await a.pacing.acquire('credgenics', 5)).toMatchObject({ granted: false });
      t.clock.advance(1);
      expect(await b.pacing.acquire('credgenics', 5)).toEqual({ granted: true });
    } finally {
      await a.close();
      await b.close();
      await place.cleanup();
    }
  });
});
