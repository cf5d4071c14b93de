/**
 * Cancel on a bulk batch, at the use cases over a real (in-memory SQLite) store:
 * - pressed while a large batch is still being recorded (its rows become outbox writes one by one): no row
 *   recorded after the Cancel may be sent, and the rows never recorded count as cancelled, so the batch
 *   finishes ("cancelled by …", results file) instead of showing rows waiting for ever;
 * - the send times a cancelled batch had reserved are given back: the next file does not wait behind rows
 *   that will never be sent.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { memoryStore } from '../../dev/kit/memory-store.ts';
import { DEFAULT_WRITE_POLICY } from '../../src/domain/write-policy.ts';
import { createLogger } from '../../src/log.ts';
import type { BulkBatch, OutboxWrite, Store } from '../../src/store/index.ts';
import { finishBatch, progressFigures } from '../../src/usecases/bulk-progress.ts';
import { cancelBatch, sendBatch, type CancelBatchDeps } from '../../src/usecases/bulk-send.ts';

const PER_SECOND = 10;

function batchInput(fileId: string, rows: number) {
  return {
    fileId,
    fileName: `${fileId}.csv`,
    requestedBy: 'U1',
    channelId: 'C1',
    rows: Array.from({ length: rows }, (_, i) => ({
      row: i + 2,
      loanId: '1001',
      status: 'valid' as const,
      reason: null,
      draft: { loanId: '1001', kind: 'lending', amount: 100 + i, finalStatus: 'Closed', paymentMethod: 'Cash', allocationMonth: '2026-11-01', reference: `${fileId}-${i}` },
      fingerprint: `payment|1001|${100 + i}.00|${fileId}-${i}`,
    })),
  };
}

/** A method of the real store, bound to it (the stores are classes: their methods live on the prototype). */
function bindOwn(target: object, key: string | symbol): unknown {
  const value: unknown = Reflect.get(target, key);
  return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
}

let store: Store;
let deps: CancelBatchDeps;
beforeEach(async () => {
  store = await memoryStore();
  deps = {
    store,
    worker: { wake: () => undefined },
    writePolicy: DEFAULT_WRITE_POLICY,
    config: { credgenicsWritesPerSecond: PER_SECOND },
    logger: createLogger({ level: 'silent' }),
    access: { allowed: async () => true },
  };
});
afterEach(() => store.close());

async function confirmed(fileId: string, rows: number): Promise<BulkBatch> {
  const created = await store.bulk.create(batchInput(fileId, rows));
  const batch = await store.bulk.confirm(created.id, { includeDuplicates: false });
  if (!batch) throw new Error('not confirmed');
  return batch;
}

async function writesOf(batch: BulkBatch): Promise<OutboxWrite[]> {
  const outcomes = await store.bulk.outcomes(batch.id, { limit: 1_000 });
  const writes = await Promise.all(outcomes.map((o) => (o.writeId ? store.outbox.get(o.writeId) : Promise.resolve(undefined))));
  return writes.filter((w): w is OutboxWrite => w !== undefined);
}

/** sendBatch, with Cancel pressed (and left to run alongside) once `rows` rows are recorded and linked. */
async function sendCancellingAfter(batch: BulkBatch, rows: number): Promise<void> {
  let linked = 0;
  let cancelled: Promise<unknown> | undefined;
  const setWrite = async (...args: Parameters<Store['bulk']['setWrite']>) => {
    await store.bulk.setWrite(...args);
    linked += 1;
    if (linked === rows) cancelled = cancelBatch(deps, batch.id, 'U1');
  };
  const bulk = new Proxy(store.bulk, { get: (target, key) => (key === 'setWrite' ? setWrite : bindOwn(target, key)) });
  await sendBatch({ ...deps, store: { outbox: store.outbox, pacing: store.pacing, audit: store.audit, bulk } }, batch);
  await cancelled;
}

describe('Cancel while a batch is being recorded', () => {
  it('leaves no row to send, counts the rows never recorded as cancelled, and the batch finishes', async () => {
    const rows = 60;
    const batch = await confirmed('F1', rows);
    // The person presses Cancel once ten rows are recorded; the recording goes on meanwhile.
    await sendCancellingAfter(batch, 10);

    const counts = await store.bulk.counts(batch.id);
    expect(counts.byState.pending).toBe(0); // nothing left for the worker to send
    const after = await store.bulk.get(batch.id);
    expect(after?.state).toBe('cancelled');
    const figures = progressFigures(counts, after!.state);
    expect(figures).toMatchObject({ waiting: 0, sending: 0, recorded: 0, cancelled: rows, finished: true, toSend: rows });

    const csv = await finishBatch(deps, after!);
    expect(csv?.match(/cancelled \(not sent\)/g)).toHaveLength(rows);
  });
});

describe('the send times of a cancelled batch', () => {
  it('are given back: the next batch starts now, not after the rows that will never be sent', async () => {
    const first = await confirmed('F1', 10 * PER_SECOND); // ten seconds of rows
    await sendBatch(deps, first);
    await cancelBatch(deps, first.id, 'U1');
    const second = await confirmed('F2', 3);
    const before = Date.now();
    await sendBatch(deps, second);
    const due = (await writesOf(second)).map((w) => w.dueAt ?? Infinity);
    expect(Math.min(...due)).toBeLessThan(before + 1_000);
  });

  it('that a later batch follows stay reserved: cancelling the first never moves the later one’s rows closer', async () => {
    const first = await confirmed('F1', 10 * PER_SECOND);
    await sendBatch(deps, first);
    const second = await confirmed('F2', 2 * PER_SECOND);
    await sendBatch(deps, second);
    await cancelBatch(deps, first.id, 'U1');
    const third = await confirmed('F3', 3);
    await sendBatch(deps, third);
    const latestOfSecond = Math.max(...(await writesOf(second)).map((w) => w.dueAt ?? 0));
    const earliestOfThird = Math.min(...(await writesOf(third)).map((w) => w.dueAt ?? Infinity));
    expect(earliestOfThird).toBeGreaterThan(latestOfSecond);
  });

  it('when Cancel came while the batch was being recorded, are given back too', async () => {
    const first = await confirmed('F1', 10 * PER_SECOND);
    await sendCancellingAfter(first, 5);
    const second = await confirmed('F2', 3);
    const before = Date.now();
    await sendBatch(deps, second);
    expect(Math.min(...(await writesOf(second)).map((w) => w.dueAt ?? Infinity))).toBeLessThan(before + 1_000);
  });
});
