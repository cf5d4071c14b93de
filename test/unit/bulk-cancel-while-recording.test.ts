/**
 * Cancel pressed while a large batch is still being recorded (the rows become outbox writes one by one):
 * no row recorded after the Cancel may be sent, and the rows never recorded count as cancelled, so the
 * batch finishes ("cancelled by …", results file) instead of showing rows waiting for ever.
 */
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { memoryStore } from '../../dev/kit/memory-store.ts';
import { DEFAULT_WRITE_POLICY } from '../../src/domain/write-policy.ts';
import { createLogger } from '../../src/log.ts';
import type { Store } from '../../src/store/index.ts';
import { finishBatch, progressFigures } from '../../src/usecases/bulk-progress.ts';
import { cancelBatch, sendBatch, type CancelBatchDeps } from '../../src/usecases/bulk-send.ts';

const ROWS = 60;
const CANCEL_AFTER = 10;

function batchInput() {
  const rows = Array.from({ length: ROWS }, (_, i) => ({
    row: i + 2,
    loanId: '1001',
    status: 'valid' as const,
    reason: null,
    draft: { loanId: '1001', kind: 'lending', amount: 100 + i, finalStatus: 'Closed', paymentMethod: 'Cash', allocationMonth: '2026-11-01', reference: `CN-${i}` },
    fingerprint: `payment|1001|${100 + i}.00|CN-${i}`,
  }));
  return { fileId: 'F1', fileName: 'cancel.csv', requestedBy: 'U1', channelId: 'C1', rows };
}

/** A method of the real store, bound to it (the stores are classes: their methods live on the prototype). */
function bindOwn(target: object, key: string | symbol): unknown {
  const value: unknown = Reflect.get(target, key);
  return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
}

let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

describe('Cancel while a batch is being recorded', () => {
  it('leaves no row to send, counts the rows never recorded as cancelled, and the batch finishes', async () => {
    store = await memoryStore();
    const s = store;
    const logger = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) });
    const created = await s.bulk.create(batchInput());
    const batch = await s.bulk.confirm(created.id, { includeDuplicates: false });
    if (!batch) throw new Error('not confirmed');

    let recordedRows = 0;
    let cancelled: Promise<unknown> | undefined;
    const deps: CancelBatchDeps = {
      store: s,
      worker: { wake: () => undefined },
      writePolicy: DEFAULT_WRITE_POLICY,
      config: { credgenicsWritesPerSecond: 10 },
      logger,
      access: { allowed: async () => true },
    };
    // The person presses Cancel once ten rows are recorded; the recording goes on meanwhile.
    const setWrite = async (...args: Parameters<Store['bulk']['setWrite']>) => {
      await s.bulk.setWrite(...args);
      recordedRows += 1;
      if (recordedRows === CANCEL_AFTER) cancelled = cancelBatch(deps, batch.id, 'U1');
    };
    const bulk = new Proxy(s.bulk, { get: (target, key) => (key === 'setWrite' ? setWrite : bindOwn(target, key)) });
    const watching: CancelBatchDeps = { ...deps, store: { outbox: s.outbox, pacing: s.pacing, audit: s.audit, bulk } };
    await sendBatch(watching, batch);
    await cancelled;

    const counts = await s.bulk.counts(batch.id);
    expect(counts.byState.pending).toBe(0); // nothing left for the worker to send
    const after = await s.bulk.get(batch.id);
    expect(after?.state).toBe('cancelled');
    const figures = progressFigures(counts, after!.state);
    expect(figures).toMatchObject({ waiting: 0, sending: 0, recorded: 0, cancelled: ROWS, finished: true, toSend: ROWS });

    const csv = await finishBatch(deps, after!);
    expect(csv?.match(/cancelled \(not sent\)/g)).toHaveLength(ROWS);
  });
});
