import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore as openStore } from '../../src/store/index.ts';
import { exited, firstLine, makeTempDir, removeDir, spawnScript, writeStoreScript } from './helpers.ts';

let dir: string;
beforeEach(() => {
  dir = makeTempDir();
});
afterEach(() => removeDir(dir));

describe('a process killed mid-write', () => {
  it('leaves its write leased until the lease runs out, then claimable for reconciliation; its recorded one pending', async () => {
    const script = writeStoreScript(
      dir,
      'crasher',
      `const [dataDir] = process.argv.slice(2);
const store = await openStore({ dataDir });
const base = { lender: 'credgenics', operation: 'update_payment', loanId: 'LN-CRASH', summary: '₹1,000 · Online',
  requestedBy: 'U_ASHA', channelId: 'C_COLLECTIONS' };
const sent = await store.outbox.record({ ...base, idempotencyKey: 'crash-sent', request: { amount: 1000 } });
const claimed = await store.outbox.claimNext({ owner: 'crasher', leaseMs: 60_000, settleMs: 5_000 });
await store.outbox.markSent(claimed.id, 'crasher', { amount: 1000 });
const queued = await store.outbox.record({ ...base, idempotencyKey: 'crash-queued', request: { amount: 2000 } });
process.stdout.write(JSON.stringify({ sent: sent.write.id, queued: queued.write.id }) + '\\n');
setInterval(() => {}, 1_000); // "waiting for the lender" until killed`,
    );
    const child = spawnScript(script, [dir]);
    const ids = JSON.parse(await firstLine(child)) as { sent: string; queued: string };
    child.kill('SIGKILL');
    expect((await exited(child)).signal).toBe('SIGKILL');

    let now = Date.now();
    const store = openStore({ dataDir: dir, now: () => now });
    const unfinished = await store.outbox.listUnfinished();
    expect(unfinished.map((w) => [w.id, w.state, w.attempts, w.leaseOwner, w.inFlight])).toEqual([
      [ids.sent, 'sending', 1, 'crasher', true],
      [ids.queued, 'pending', 0, null, false],
    ]);
    expect(unfinished[0]?.request).toEqual({ v: 1, amount: 1000 }); // the store stamps the request format version
    const claim = { owner: 'restarted', leaseMs: 60_000, settleMs: 5_000 };
    // The dead process's lease still holds: only the queued write is claimable.
    expect(await store.outbox.claimNext(claim)).toMatchObject({ id: ids.queued, state: 'sending', leaseOwner: 'restarted', needsReconcile: false });
    expect(await store.outbox.claimNext(claim)).toBeUndefined();
    // Once it runs out, the write is claimable again, to be reconciled no earlier than 5 s after it was sent.
    now += 61_000;
    const reclaimed = await store.outbox.claimNext(claim);
    expect(reclaimed).toMatchObject({ id: ids.sent, leaseOwner: 'restarted', needsReconcile: true, inFlight: false });
    expect(reclaimed?.settleAfter).toBe((reclaimed?.sentAt ?? 0) + 5_000);
    await store.close();
  });
});
