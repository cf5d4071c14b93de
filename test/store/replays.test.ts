/** Replay memory contract: a signed Slack request is handled once, on whichever instance it reaches. Both backends. */
import { describe, expect, it } from 'vitest';
import { backends, storePerTest } from './backends.ts';

describe.each(backends)('replay memory on $name', (backend) => {
  const t = storePerTest(backend);

  it('answers true for a new request and false for the same one again', async () => {
    const expiresAt = t.clock.t + 5 * 60_000;
    expect(await t.store.replays.remember('v0=abc', expiresAt)).toBe(true);
    expect(await t.store.replays.remember('v0=abc', expiresAt)).toBe(false);
    t.clock.advance(5 * 60_000);
    expect(await t.store.replays.remember('v0=abc', expiresAt + 60_000)).toBe(false); // still remembered at its expiry
    expect(await t.store.replays.remember('v0=def', expiresAt)).toBe(true);
  });

  it('forgets a request once it has expired', async () => {
    const expiresAt = t.clock.t + 1_000;
    expect(await t.store.replays.remember('v0=abc', expiresAt)).toBe(true);
    t.clock.advance(1_001);
    expect(await t.store.replays.remember('v0=abc', t.clock.t + 1_000)).toBe(true);
    expect(await t.store.replays.remember('v0=abc', t.clock.t + 1_000)).toBe(false);
  });

  it('lets exactly one of many simultaneous deliveries through', async () => {
    const expiresAt = t.clock.t + 60_000;
    const answers = await Promise.all(Array.from({ length: 20 }, () => t.store.replays.remember('v0=race', expiresAt)));
    expect(answers.filter(Boolean)).toHaveLength(1);
  });

  it('shares what it has seen between stores on one database', async () => {
    const place = await backend.shared();
    const [a, b] = [await place.open(t.clock.now), await place.open(t.clock.now)];
    try {
      expect(await a.replays.remember('v0=shared', t.clock.t + 60_000)).toBe(true);
      expect(await b.replays.remember('v0=shared', t.clock.t + 60_000)).toBe(false);
    } finally {
      await a.close();
      await b.close();
      await place.cleanup();
    }
  });
});
