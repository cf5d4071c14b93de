/**
 * Two instances on one Postgres whose clocks differ: one machine's clock 3 minutes ahead (still inside
 * Slack's 5-minute signature window). Everything the instances share — leases, due times, settle windows,
 * creation times — is the database server's time, never an instance's own: the instance ahead neither takes
 * a live lease as run out nor a settle window as passed, and says its clock is off. Postgres only: SQLite is
 * one process, with one clock.
 */
import { describe, expect, it } from 'vitest';
import { doubtOf } from '../../src/domain/attempt-fate.ts';
import { CLOCK_CHECK_EVERY_MS, openStore, type ClockSkew, type Store } from '../../src/store/index.ts';
import { freshPostgresUrl, postgresBackend, twoInstancesPerTest } from './backends.ts';
import { LEASE_MS, SETTLE_MS, TestClock, claimAndSend, claimOptions, newWrite } from './helpers.ts';

const AHEAD_MS = 3 * 60_000;

describe('two instances on one Postgres, one clock 3 minutes ahead (the database clock stood in for)', () => {
  const clock = new TestClock();
  const instances = twoInstancesPerTest(postgresBackend, clock);

  it('the instance ahead does not take a live lease as run out, and takes it over once it has', async () => {
    const [a, ahead] = await instances.open({ skewMs: AHEAD_MS });
    await a.outbox.record(newWrite({ lockKey: 'payment|1001|2026-11-01' }));
    const sent = await claimAndSend(a, 'worker-a');
    expect(sent.leaseExpiresAt).toBe(clock.t + LEASE_MS);

    expect(await ahead.outbox.claimNext(claimOptions('worker-ahead'))).toBeUndefined();
    clock.advance(LEASE_MS - 1);
    expect(await ahead.outbox.claimNext(claimOptions('worker-ahead'))).toBeUndefined();

    clock.advance(2);
    const taken = await ahead.outbox.claimNext(claimOptions('worker-ahead'));
    expect(taken).toMatchObject({ id: sent.id, takenOver: true, needsReconcile: true, settleAfter: sent.sentAt! + SETTLE_MS });
    expect(taken?.leaseExpiresAt).toBe(clock.t + LEASE_MS);
  });

  it('nor the settle window of an attempt that may still land as passed', async () => {
    const [a, ahead] = await instances.open({ skewMs: AHEAD_MS });
    await a.outbox.record(newWrite());
    const sent = await claimAndSend(a, 'worker-a');
    clock.advance(LEASE_MS + 1); // instance a stopped mid-send: its lease ran out
    const taken = await ahead.outbox.claimNext(claimOptions('worker-ahead'));
    if (!taken) throw new Error('test: the write was not taken over');
    // The shared clock the instance ahead decides by is the database's, not its own.
    expect(ahead.now()).toBe(clock.t);
    expect(doubtOf(taken, true, ahead.now())).toEqual({ kind: 'on_its_way', checkAt: sent.sentAt! + SETTLE_MS });
  });

  it('stamps what it writes with the database time, and its due times count from there', async () => {
    const [a, ahead] = await instances.open({ skewMs: AHEAD_MS });
    const { write } = await ahead.outbox.record(newWrite());
    expect(write).toMatchObject({ createdAt: clock.t, updatedAt: clock.t, dueAt: clock.t });
    const claimed = await ahead.outbox.claimNext(claimOptions('worker-ahead'));
    await ahead.outbox.release(claimed!.id, 'worker-ahead', ahead.now() + 5_000);
    clock.advance(4_999);
    expect(await a.outbox.claimNext(claimOptions())).toBeUndefined();
    clock.advance(1);
    expect((await a.outbox.claimNext(claimOptions()))?.id).toBe(write.id);
    const audited = await ahead.audit.append({ actor: 'U', action: 'lookup', loanId: null, lender: null, outcome: 'ok', detail: '', writeId: null });
    expect(audited.at).toBe(clock.t);
  });
});

describe('two instances on one Postgres, one clock 3 minutes ahead (the server’s own clock)', () => {
  async function pair(): Promise<{ a: Store; ahead: Store; skews: { a: ClockSkew[]; ahead: ClockSkew[] } }> {
    const databaseUrl = await freshPostgresUrl();
    const skews = { a: [] as ClockSkew[], ahead: [] as ClockSkew[] };
    const a = await openStore({ dataDir: ':memory:', databaseUrl, onClockSkew: (s) => skews.a.push(s) });
    const ahead = await openStore({ dataDir: ':memory:', databaseUrl, now: () => Date.now() + AHEAD_MS, onClockSkew: (s) => skews.ahead.push(s) });
    return { a, ahead, skews };
  }

  it('the instance ahead leaves a live lease alone, tells the time as the server does, and says its clock is off', async () => {
    const { a, ahead, skews } = await pair();
    try {
      await a.outbox.record(newWrite());
      const before = Date.now();
      const sent = await claimAndSend(a, 'worker-a');
      expect(sent.leaseExpiresAt).toBeGreaterThanOrEqual(before + LEASE_MS - 1_000);
      expect(sent.leaseExpiresAt).toBeLessThanOrEqual(Date.now() + LEASE_MS + 1_000);

      expect(await ahead.outbox.claimNext(claimOptions('worker-ahead'))).toBeUndefined();
      const { write } = await ahead.outbox.record(newWrite());
      expect(Math.abs(write.createdAt - Date.now())).toBeLessThan(1_000);
      expect(Math.abs(ahead.now() - Date.now())).toBeLessThan(1_000);

      expect(skews.a).toEqual([]);
      expect(skews.ahead).toHaveLength(1);
      expect(Math.abs((skews.ahead[0]?.offsetMs ?? 0) + AHEAD_MS)).toBeLessThan(1_000);
    } finally {
      await Promise.all([a.close(), ahead.close()]);
    }
  });
});

describe('the clock check, now and then', () => {
  it('measures again once CLOCK_CHECK_EVERY_MS has passed on the instance’s clock, and says when it has gone off', async () => {
    const clock = new TestClock();
    let skewMs = 0;
    const skews: ClockSkew[] = [];
    const store = await openStore({ dataDir: ':memory:', databaseUrl: await freshPostgresUrl(), now: () => clock.now() + skewMs, databaseClock: clock.now, onClockSkew: (s) => skews.push(s) });
    try {
      expect(skews).toEqual([]);
      skewMs = 5_000; // the machine's clock jumps 5 s ahead: not measured until a minute has passed on it
      clock.advance(CLOCK_CHECK_EVERY_MS - 5_001);
      expect(store.now()).toBe(clock.t);
      expect(skews).toEqual([]);
      clock.advance(1);
      expect(store.now()).toBe(clock.t);
      expect(skews).toEqual([{ offsetMs: -5_000, roundTripMs: 0 }]);
    } finally {
      await store.close();
    }
  });
});
