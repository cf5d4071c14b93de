import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.ts';
import { exited, firstLine, makeTempDir, newWrite, removeDir, spawnScript, writeStoreScript } from './helpers.ts';

let dir: string;
beforeEach(() => {
  dir = makeTempDir();
});
afterEach(() => removeDir(dir));

describe('claim races on a shared file', () => {
  it('lets one of two connections win each race', async () => {
    const a = openStore({ dataDir: dir });
    const b = openStore({ dataDir: dir });
    try {
      for (let round = 0; round < 20; round++) {
        const { write } = await a.outbox.record(newWrite());
        const results = await Promise.all(
          Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? a : b).outbox.claim(write.id, ['pending', 'failed'])),
        );
        expect(results.filter((r) => r !== undefined)).toHaveLength(1);
        expect(await b.outbox.get(write.id)).toMatchObject({ state: 'sending', attempts: 1 });
      }
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('lets one of several processes win', async () => {
    const store = openStore({ dataDir: dir });
    const { write } = await store.outbox.record(newWrite());
    await store.close();

    // Each child opens the store, waits for a common start time, then claims in a tight loop of 20 tries.
    const script = writeStoreScript(
      dir,
      'claimer',
      `const [dataDir, id, startAt] = process.argv.slice(2);
const store = openStore({ dataDir });
while (Date.now() < Number(startAt)) { /* line up with the other processes */ }
let wins = 0;
for (let i = 0; i < 20; i++) if (await store.outbox.claim(id, ['pending', 'failed'])) wins++;
await store.close();
process.stdout.write(wins + '\\n');`,
    );
    const startAt = String(Date.now() + 3_000);
    const children = Array.from({ length: 4 }, () => spawnScript(script, [dir, write.id, startAt]));
    const wins = await Promise.all(children.map(firstLine));
    await Promise.all(children.map(exited));
    expect(wins.map(Number).reduce((sum, n) => sum + n, 0)).toBe(1);

    const after = openStore({ dataDir: dir });
    expect(await after.outbox.get(write.id)).toMatchObject({ state: 'sending', attempts: 1 });
    await after.close();
  });
});
