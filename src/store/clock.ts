/** The store's clock, shared by both backends (its own module so src/store/postgres/ need not import index.ts). */
import type { OpenStoreOptions } from './types.ts';

/** The store's clock, checked: every stored timestamp is whole epoch milliseconds. */
export function storeClock(options: Pick<OpenStoreOptions, 'now'>): () => number {
  const clock = options.now ?? Date.now;
  return () => {
    const t = clock();
    if (!Number.isSafeInteger(t) || t < 0) throw new RangeError('store: now() must return whole epoch milliseconds');
    return t;
  };
}
