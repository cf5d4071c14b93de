/**
 * Bulk pacing at the lender's door, on an injected clock and both backends: rows take their turns as the
 * worker does (src/worker/bulk-turn.ts), then reach the point of sending after a delay that varies (the
 * store's commit of markSent, a busy event loop: 0 to 150 ms here, chosen to bunch them), and go out when
 * their departure is let through. No one second holds more than CREDGENICS_WRITES_PER_SECOND requests,
 * and the sustained rate stays at least 90 % of it.
 */
import { describe, expect, it } from 'vitest';
import pino from 'pino';
import type { OutboxWrite } from '../../src/store/index.ts';
import { PACING_WINDOW_MS } from '../../src/domain/bulk-pacing.ts';
import { BULK_KEY_PREFIX } from '../../src/usecases/bulk-keys.ts';
import { takeBulkTurn, type BulkTurn, type BulkTurnDeps } from '../../src/worker/bulk-turn.ts';
import { backends, storePerTest } from './backends.ts';

const PER_SECOND = 50;
const ROWS = 500;

/** The most of `times` (sorted) in any `windowMs`. */
function maxInWindow(times: number[], windowMs: number): number {
  let best = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i]! - times[j]! >= windowMs) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

/** A small seeded generator, so a failure is the same failure every run. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

type Event = { at: number; row: number } & ({ kind: 'turn' } | { kind: 'leave'; turn: BulkTurn });

describe.each(backends)('bulk pacing on $name', (backend) => {
  const t = storePerTest(backend);

  it(`never more than ${PER_SECOND} requests leave in any one second, and at least 90 % of that leave each second`, async () => {
    const queue: Event[] = [];
    const push = (event: Event) => {
      queue.push(event);
      queue.sort((a, b) => a.at - b.at || a.row - b.row);
    };
    const deps: BulkTurnDeps = {
      // A row handed back is due again when the store says a turn is free.
      store: { ...t.store, outbox: { ...t.store.outbox, release: async (id: string, _owner: string, dueAt: number) => (push({ at: dueAt, row: Number(id.slice(2)), kind: 'turn' }), undefined) } },
      owner: 'worker-a',
      logger: pino({ level: 'silent' }),
      config: { credgenicsWritesPerSecond: PER_SECOND },
      nowMs: t.clock.now,
      // Waiting is time passing: the clock moves on (every other row then runs that much later).
      wait: async (ms) => void t.clock.advance(ms),
    };
    const write = (row: number) => ({ id: `w_${row}`, idempotencyKey: `${BULK_KEY_PREFIX}file:${row}` }) as OutboxWrite;
    const delay = random(24);
    // Rows due as Confirm spreads them (one every ceil(1,050 / 50) ms), the first tenth all at once: a
    // worker catching up after a pause.
    const start = t.clock.t;
    const gap = Math.ceil(PACING_WINDOW_MS / PER_SECOND);
    for (let row = 0; row < ROWS; row++) push({ at: row < ROWS / 10 ? start : start + row * gap, row, kind: 'turn' });

    const departures: number[] = [];
    for (let event = queue.shift(); event; event = queue.shift()) {
      if (event.at > t.clock.t) t.clock.t = event.at;
      if (event.kind === 'turn') {
        const turn = await takeBulkTurn(deps, write(event.row));
        // Granted: it reaches the point of sending 0–150 ms later, bunched at either end.
        if (turn) push({ at: t.clock.t + (delay() < 0.5 ? 0 : 150), row: event.row, kind: 'leave', turn });
      } else {
        await event.turn.leave();
        departures.push(t.clock.t);
      }
    }

    expect(departures).toHaveLength(ROWS);
    departures.sort((a, b) => a - b);
    expect(maxInWindow(departures, 1_000)).toBeLessThanOrEqual(PER_SECOND);
    const from = departures[Math.floor(ROWS * 0.1)]!;
    const to = departures[Math.floor(ROWS * 0.9)]!;
    const sustained = (Math.floor(ROWS * 0.9) - Math.floor(ROWS * 0.1)) / ((to - from) / 1_000);
    expect(sustained).toBeGreaterThanOrEqual(0.9 * PER_SECOND);
  });
});
