/**
 * A bulk batch whose recording stopped half way (its instance died between Confirm and the last row):
 * another instance finishes it once no row was recorded for STALLED_AFTER_MS, however many instances look
 * at once, and not while the recording instance is still at it. On both backends, two stores on one
 * database (src/usecases/bulk-send.ts resumeInterruptedBatches).
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_WRITE_POLICY } from '../../src/domain/write-policy.ts';
import { createLogger } from '../../src/log.ts';
import type { BulkBatch, Store } from '../../src/store/index.ts';
import { resumeInterruptedBatches, sendBatch, STALLED_AFTER_MS, type ResumeDeps } from '../../src/usecases/bulk-send.ts';
import { backends, twoInstancesPerTest } from './backends.ts';
import { TestClock } from './helpers.ts';

const ROWS = 6;
const logger = createLogger({ level: 'silent' });

function depsOf(store: Store): ResumeDeps {
  return { store, worker: { wake: () => undefined }, writePolicy: DEFAULT_WRITE_POLICY, config: { credgenicsWritesPerSecond: 10 }, logger };
}

describe.each(backends)('a half-recorded bulk batch on $name', (backend) => {
  const clock = new TestClock();
  const instances = twoInstancesPerTest(backend, clock);

  /** Instance a confirms a batch and dies after recording two of its rows. */
  async function halfRecorded(): Promise<{ a: Store; b: Store; batch: BulkBatch }> {
    const [a, b] = await instances.open();
    const rows = Array.from({ length: ROWS }, (_, i) => ({
      row: i + 2,
      loanId: '1001',
      status: 'valid' as const,
      reason: null,
      draft: { loanId: '1001', kind: 'lending', amount: 100 + i, finalStatus: 'Closed', paymentMethod: 'Cash', allocationMonth: '2026-11-01', reference: `HR-${i}` },
      fingerprint: `payment|1001|${100 + i}.00|HR-${i}`,
    }));
    const created = await a.bulk.create({ fileId: 'F1', fileName: 'half.csv', requestedBy: 'U1', channelId: 'C1', rows });
    const batch = await a.bulk.confirm(created.id, { includeDuplicates: false });
    if (!batch) throw new Error('test: not confirmed');
    let linked = 0;
    const dying = new Proxy(a.bulk, {
      get: (target, key) =>
        key === 'setWrite'
          ? async (...args: Parameters<Store['bulk']['setWrite']>) => {
              if (linked === 2) throw new Error('test: the instance died');
              await target.setWrite(...args);
              linked += 1;
            }
          : (Reflect.get(target, key) as (...x: unknown[]) => unknown).bind(target),
    });
    await expect(sendBatch({ ...depsOf(a), store: { outbox: a.outbox, pacing: a.pacing, audit: a.audit, bulk: dying } }, batch)).rejects.toThrow(/died/);
    expect((await b.bulk.counts(batch.id)).unrecorded).toBe(ROWS - 2);
    return { a, b, batch };
  }

  it('is left to its instance while rows were recorded lately, then finished once by whichever instance looks first', async () => {
    const { a, b, batch } = await halfRecorded();
    clock.advance(STALLED_AFTER_MS / 2);
    expect(await resumeInterruptedBatches(depsOf(b), { stalledAfterMs: STALLED_AFTER_MS, now: clock.t })).toBe(0);
    expect((await b.bulk.counts(batch.id)).unrecorded).toBe(ROWS - 2);

    clock.advance(STALLED_AFTER_MS);
    const both = await Promise.all([a, b].map((s) => resumeInterruptedBatches(depsOf(s), { stalledAfterMs: STALLED_AFTER_MS, now: clock.t })));
    expect(both.sort()).toEqual([0, 1]);
    const counts = await b.bulk.counts(batch.id);
    expect(counts.unrecorded).toBe(0);
    expect(counts.byState.pending).toBe(ROWS);
  });

  it('is taken over at an instance’s start without waiting', async () => {
    const { b, batch } = await halfRecorded();
    expect(await resumeInterruptedBatches(depsOf(b), { stalledAfterMs: 0, now: clock.t })).toBe(1);
    expect((await b.bulk.counts(batch.id)).unrecorded).toBe(0);
  });
});
