/** A store in memory (SQLite's :memory:): nothing on disk, gone when closed. For tests that need a store and no app. */
import { openStore, type Store } from '../../src/store/index.ts';

export function memoryStore(now?: () => number): Promise<Store> {
  return openStore({ dataDir: ':memory:', ...(now ? { now } : {}) });
}
