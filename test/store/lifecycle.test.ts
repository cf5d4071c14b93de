/** Store contract: health and closing. Both backends. */
import { describe, expect, it } from 'vitest';
import { backends } from './backends.ts';
import { newWrite } from './helpers.ts';

describe.each(backends)('the $name store', (backend) => {
  it('says which backend it is, answers ping, closes twice without complaint and then refuses work', async () => {
    const store = await backend.open();
    expect(store.kind).toBe(backend.name);
    await expect(store.ping()).resolves.toBeUndefined();
    await Promise.all([store.close(), store.close()]);
    await store.close();
    await expect(store.ping()).rejects.toThrow();
    await expect(store.outbox.record(newWrite())).rejects.toThrow();
  });

  it('refuses a clock that does not give whole epoch milliseconds', async () => {
    const store = await backend.open(() => 1.5);
    try {
      await expect(store.outbox.record(newWrite())).rejects.toThrow(RangeError);
    } finally {
      await store.close();
    }
  });
});
