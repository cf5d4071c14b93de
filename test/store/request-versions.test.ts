/**
 * The request column is versioned JSON: the store stamps `v` on what it records or re-stores, and a row
 * written before the version existed (no `v`) still reads, as version 1, through the WriteRequest schema.
 */
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { databasePath } from '../../src/store/sqlite.ts';
import { openStore, REQUEST_FORMAT_VERSION, type Store } from '../../src/store/index.ts';
import { readWriteRequest, type WriteRequest } from '../../src/usecases/write-requests.ts';
import { backends, storePerTest } from './backends.ts';
import { makeTempDir, newWrite, removeDir } from './helpers.ts';

const PAYMENT: WriteRequest = {
  operation: 'update_payment',
  loanId: '1001',
  allocationMonth: '2026-11-01',
  body: { final_status: 'Partially Recovered', amount_recovered: 34_500, payment_method: 'Online', payment_reference_number: 'UTR1' },
  baselineRecovered: null,
};

describe.each(backends)('request versions on $name', (backend) => {
  const t = storePerTest(backend);

  it('record and markSent stamp v; a request with its own v, or one that is not an object, is stored as given', async () => {
    const { write } = await t.store.outbox.record(newWrite({ request: PAYMENT }));
    expect(write.request).toEqual({ v: REQUEST_FORMAT_VERSION, ...PAYMENT });
    expect(readWriteRequest(write.request)).toEqual({ v: 1, ...PAYMENT });

    const claimed = await t.store.outbox.claimNext({ owner: 'w', leaseMs: 10_000, settleMs: 1_000 });
    const sent = await t.store.outbox.markSent(write.id, 'w', { ...PAYMENT, baselineRecovered: 0, lastSendAt: 5 });
    expect(claimed?.id).toBe(write.id);
    expect(sent?.request).toEqual({ v: 1, ...PAYMENT, baselineRecovered: 0, lastSendAt: 5 });

    expect((await t.store.outbox.record(newWrite({ request: { v: 2, next: true } }))).write.request).toEqual({ v: 2, next: true });
    expect((await t.store.outbox.record(newWrite({ request: [1, 2] }))).write.request).toEqual([1, 2]);
  });
});

describe('a row written before requests were versioned (SQLite file)', () => {
  let dir: string;
  let store: Store | undefined;
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(async () => {
    await store?.close();
    removeDir(dir);
  });

  it.each<[string, string, WriteRequest]>([
    ['a payment', 'update_payment', PAYMENT],
    ['a loan update', 'update_loan', { operation: 'update_loan', loanId: '1001', body: { mobile: '9876543210' } }],
    ['a credit-line transaction', 'update_transaction', { operation: 'update_transaction', clientCustomerId: 'C-9', loanId: '18372', body: { status: 'Paid' } }],
    ['an added loan', 'add_loan', { operation: 'add_loan', loanId: 'NEW-1', body: { loan_id: 'NEW-1' } }],
    ['an Apollo update', 'apollo_update', { operation: 'apollo_update', loanId: 'Tesst001', body: { partner_tag: 'LOANBOT', loan_type: 'PL', loan_information: { disbursement_date: '21/11/2026', first_emi_date: '21/12/2026' } } }],
  ])('%s without v reads as version 1', async (_label, operation, legacy) => {
    store = await openStore({ dataDir: dir });
    const { write } = await store.outbox.record(newWrite({ operation: operation as WriteRequest['operation'], loanId: legacy.loanId, request: legacy }));
    await store.close();

    // What the previous loanbot wrote: the request's JSON as the use case built it, no `v`.
    const db = new Database(databasePath(dir));
    db.prepare('UPDATE outbox_writes SET request = ? WHERE id = ?').run(JSON.stringify(legacy), write.id);
    db.close();

    store = await openStore({ dataDir: dir });
    const stored = await store.outbox.get(write.id);
    expect(stored?.request).not.toHaveProperty('v');
    expect(readWriteRequest(stored?.request)).toEqual({ v: 1, ...legacy });
  });

});

describe('the WriteRequest schema', () => {
  it('a request of no known shape, or of an unknown version, does not read', () => {
    expect(readWriteRequest({ operation: 'update_payment', loanId: '1001' })).toBeUndefined();
    expect(readWriteRequest({ ...PAYMENT, v: 2 })).toBeUndefined();
    expect(readWriteRequest({ operation: 'refund', loanId: '1001', body: {} })).toBeUndefined();
    expect(readWriteRequest({ ...PAYMENT, body: { ...PAYMENT.body, final_status: 'Maybe' } })).toBeUndefined();
    expect(readWriteRequest(null)).toBeUndefined();
  });
});
