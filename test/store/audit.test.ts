/** Audit trail contract. Both backends. */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/index.ts';
import { backends, storePerTest } from './backends.ts';
import { newWrite, type TestClock } from './helpers.ts';

const lookup = { actor: 'U_ASHA', action: 'lookup', loanId: 'LN-1001', lender: 'credgenics', outcome: 'ok', detail: 'loan summary shown', writeId: null } as const;

describe.each(backends)('audit trail on $name', (backend) => {
  const t = storePerTest(backend);
  let store: Store;
  let clock: TestClock;
  beforeEach(() => {
    store = t.store;
    clock = t.clock;
  });

  it('appends entries stamped with the clock, or with an explicit time', async () => {
    const entry = await store.audit.append(lookup);
    expect(entry).toEqual({ id: expect.any(Number), at: clock.t, ...lookup });
    const backdated = await store.audit.append({ ...lookup, at: 42 });
    expect(backdated.at).toBe(42);
    expect(backdated.id).toBeGreaterThan(entry.id);
  });

  it('links an entry to an outbox write, and refuses a write that does not exist', async () => {
    const { write } = await store.outbox.record(newWrite());
    const entry = await store.audit.append({ ...lookup, action: 'payment.recorded', detail: write.summary, writeId: write.id });
    expect(entry.writeId).toBe(write.id);
    await expect(store.audit.append({ ...lookup, writeId: 'w_nosuchwrite0' })).rejects.toThrow(/FOREIGN KEY/);
    expect(await store.audit.listByActor('U_ASHA', 10)).toEqual([entry]);
  });

  it('records a new write and its audit entry together, once per idempotency key, and nothing when the entry is bad', async () => {
    const requested = { actor: 'U_ASHA', action: 'update_payment.requested', loanId: 'LN-1001', lender: 'credgenics', outcome: 'confirmed by the person', detail: '₹34,500' } as const;
    const write = newWrite();
    const first = await store.outbox.record(write, { audit: requested });
    const again = await store.outbox.record(write, { audit: requested }); // a double click, a Slack retry
    expect([first.created, again.created]).toEqual([true, false]);
    expect(again.write.id).toBe(first.write.id);
    expect(await store.audit.listByActor('U_ASHA', 10)).toEqual([{ id: expect.any(Number), at: clock.t, ...requested, writeId: first.write.id }]);

    const other = newWrite();
    await expect(store.outbox.record(other, { audit: { ...requested, actor: '' } })).rejects.toThrow(/audit entry/);
    expect(await store.outbox.getByKey(other.idempotencyKey)).toBeUndefined();
  });

  it('stores entries about no loan and no lender', async () => {
    const entry = await store.audit.append({ actor: 'U_EVE', action: 'access.refused', loanId: null, lender: null, outcome: 'refused', detail: 'not in the agents group', writeId: null });
    expect(entry).toMatchObject({ loanId: null, lender: null });
    expect(await store.audit.listByActor('U_EVE', 5)).toEqual([entry]);
  });

  it('lists by loan newest first, with paging and a count', async () => {
    const made = [];
    for (let i = 0; i < 5; i++) {
      clock.advance(i === 2 ? 0 : 1_000); // two entries share a timestamp
      made.push(await store.audit.append({ ...lookup, detail: `entry ${i}` }));
    }
    await store.audit.append({ ...lookup, loanId: 'LN-OTHER' });
    const details = async (offset: number) =>
      (await store.audit.listByLoan('LN-1001', { limit: 2, offset })).map((e) => e.detail);
    expect(await details(0)).toEqual(['entry 4', 'entry 3']);
    expect(await details(2)).toEqual(['entry 2', 'entry 1']);
    expect(await details(4)).toEqual(['entry 0']);
    expect(await store.audit.countByLoan('LN-1001')).toBe(5);
    expect(await store.audit.countByLoan('LN-NONE')).toBe(0);
    expect(made[4]?.at).toBe(clock.t);
  });

  it('lists by actor newest first, up to the limit', async () => {
    await store.audit.append({ ...lookup, detail: 'first' });
    clock.advance(1);
    await store.audit.append({ ...lookup, actor: 'U_RAVI', detail: 'not asha' });
    clock.advance(1);
    await store.audit.append({ ...lookup, detail: 'second' });
    expect((await store.audit.listByActor('U_ASHA', 10)).map((e) => e.detail)).toEqual(['second', 'first']);
    expect((await store.audit.listByActor('U_ASHA', 1)).map((e) => e.detail)).toEqual(['second']);
  });

  it('rejects malformed entries', async () => {
    await expect(store.audit.append({ ...lookup, actor: '' })).rejects.toThrow(/actor/);
    await expect(store.audit.append({ ...lookup, lender: 'hdfc' as never })).rejects.toThrow(/lender/);
    expect(await store.audit.countByLoan('LN-1001')).toBe(0);
  });
});
