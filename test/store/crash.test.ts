import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.ts';
import { exited, firstLine, makeTempDir, removeDir, spawnScript, writeStoreScript } from './helpers.ts';

let dir: string;
beforeEach(() => {
  dir = makeTempDir();
});
afterEach(() => removeDir(dir));

describe('a process killed mid-write', () => {
  it('leaves its claimed write findable as sending, and its recorded one as pending', async () => {
    const script = writeStoreScript(
      dir,
      'crasher',
      `const [dataDir] = process.argv.slice(2);
const store = openStore({ dataDir });
const base = { lender: 'credgenics', operation: 'update_payment', loanId: 'LN-CRASH', summary: '₹1,000 · Online',
  requestedBy: 'U_ASHA', channelId: 'C_COLLECTIONS' };
const sent = await store.outbox.record({ ...base, idempotencyKey: 'crash-sent', request: { amount: 1000 } });
await store.outbox.claim(sent.write.id, ['pending']);
const queued = await store.outbox.record({ ...base, idempotencyKey: 'crash-queued', request: { amount: 2000 } });
process.stdout.write(JSON.stringify({ sent: sent.write.id, queued: queued.write.id }) + '\\n');
setInterval(() => {}, 1_000); // "waiting for the lender" until killed`,
    );
    const child = spawnScript(script, [dir]);
    const ids = JSON.parse(await firstLine(child)) as { sent: string; queued: string };
    child.kill('SIGKILL');
    expect((await exited(child)).signal).toBe('SIGKILL');

    const store = openStore({ dataDir: dir });
    const unfinished = await store.outbox.listUnfinished();
    expect(unfinished.map((w) => [w.id, w.state, w.attempts])).toEqual([
      [ids.sent, 'sending', 1],
      [ids.queued, 'pending', 0],
    ]);
    expect(unfinished[0]?.request).toEqual({ amount: 1000 });
    // recovery can pick it up again
    expect(await store.outbox.claim(ids.queued, ['pending'])).toMatchObject({ state: 'sending', attempts: 1 });
    await store.close();
  });
});
