/**
 * Claims racing between connections and between processes on one database (a SQLite file, a Postgres
 * database): every write is claimed by exactly one claimer, and two writes sharing a lock key are never
 * 'sending' at the same time. Both backends.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { OutboxWrite, Store } from '../../src/store/index.ts';
import { backends } from './backends.ts';
import { exited, makeTempDir, newWrite, removeDir, repoRoot, writeStoreScript } from './helpers.ts';

const LOCK_KEYS = ['payment|LN-1|2026-11', 'payment|LN-2|2026-11', 'payment|LN-3|2026-11', 'payment|LN-3|2026-10'];

/** Sending writes per lock key in one consistent read of the outbox; more than one is a broken invariant. */
function doubleHeld(unfinished: OutboxWrite[]): string[] {
  const held = new Map<string, number>();
  for (const w of unfinished) if (w.state === 'sending' && w.lockKey !== null) held.set(w.lockKey, (held.get(w.lockKey) ?? 0) + 1);
  return [...held].filter(([, n]) => n > 1).map(([key]) => key);
}

describe.each(backends)('claim races on $name', (backend) => {
  it('claims each write once, one lock key at a time, with many claimers on several connections', async () => {
    const place = await backend.shared();
    const stores: Store[] = [];
    try {
      // SQLite: two connections to one file; Postgres: four pools (as four instances would have).
      for (let i = 0; i < (backend.name === 'sqlite' ? 2 : 4); i++) stores.push(await place.open());
      const writes: OutboxWrite[] = [];
      for (let i = 0; i < 24; i++) {
        // 20 writes over 4 lock keys, and 4 without one
        writes.push((await stores[0]!.outbox.record(newWrite({ lockKey: i < 20 ? LOCK_KEYS[i % 4]! : null }))).write);
      }

      const claimsOf = new Map<string, string[]>(); // write id → owners that claimed it
      const holding = new Map<string, string>(); // lock key → the write a claimer is sending
      const violations: string[] = [];
      let finished = 0;
      const deadline = Date.now() + 15_000;

      const claimer = async (store: Store, owner: string): Promise<void> => {
        while (finished < writes.length && Date.now() < deadline) {
          const write = await store.outbox.claimNext({ owner, leaseMs: 60_000, settleMs: 0 });
          if (write === undefined) {
            await sleep(1);
            continue;
          }
          claimsOf.set(write.id, [...(claimsOf.get(write.id) ?? []), owner]);
          // From the claim's commit until markConfirmed is issued, this write is 'sending' in the database.
          if (write.lockKey !== null) {
            const other = holding.get(write.lockKey);
            if (other !== undefined) violations.push(`${owner} claimed ${write.id} while ${other} held ${write.lockKey}`);
            holding.set(write.lockKey, write.id);
          }
          if ((await store.outbox.markSent(write.id, owner, write.request)) === undefined) violations.push(`${owner} lost ${write.id}`);
          await sleep(Math.floor(Math.random() * 3));
          if (write.lockKey !== null && holding.get(write.lockKey) === write.id) holding.delete(write.lockKey);
          await store.outbox.markConfirmed(write.id, { result: { by: owner } });
          finished += 1;
        }
      };
      const watcher = async (store: Store): Promise<void> => {
        while (finished < writes.length && Date.now() < deadline) {
          for (const key of doubleHeld(await store.outbox.listUnfinished())) violations.push(`two sending writes hold ${key}`);
          await sleep(2);
        }
      };

      const claimers = stores.flatMap((store, s) => [0, 1, 2].map((c) => claimer(store, `instance-${s}/claimer-${c}`)));
      await Promise.all([...claimers, watcher(stores[stores.length - 1]!)]);

      expect(violations).toEqual([]);
      expect(writes.map((w) => claimsOf.get(w.id)?.length)).toEqual(writes.map(() => 1));
      expect(await stores[0]!.outbox.counts()).toMatchObject({ confirmed: 24, pending: 0, sending: 0 });
      for (const w of await stores[0]!.outbox.listByUser('U_ASHA', 100)) expect(w.attempts).toBe(1);
    } finally {
      for (const store of stores) await store.close();
      await place.cleanup();
    }
  });

  it('lets processes racing to claim take each write once, and only one write per lock key', async () => {
    const dir = makeTempDir();
    const place = await backend.shared();
    const writes: OutboxWrite[] = [];
    const setup = await place.open();
    try {
      // 8 writes without a lock key and 4 sharing one: 9 can be claimed, and each only once.
      for (let i = 0; i < 12; i++) writes.push((await setup.outbox.record(newWrite({ lockKey: i < 4 ? LOCK_KEYS[0]! : null }))).write);
    } finally {
      await setup.close();
    }
    // Each child opens the store, says it is ready, waits for "go", then claims until nothing is left.
    const script = writeStoreScript(
      dir,
      'claimer',
      `const [options, owner] = [JSON.parse(process.argv[2]), process.argv[3]];
const store = await openStore(options);
process.stdout.write('ready\\n');
await new Promise((resolve) => process.stdin.once('data', resolve));
const claimed = [];
for (let idle = 0; idle < 3; ) {
  const write = await store.outbox.claimNext({ owner, leaseMs: 60_000, settleMs: 0 });
  if (write) claimed.push(write.id); else idle++;
}
await store.close();
process.stdout.write(JSON.stringify(claimed) + '\\n');
process.exit(0);`,
    );
    const options = JSON.stringify(place.options);
    const children = Array.from({ length: 3 }, (_, i) => startChild(script, [options, `process-${i}`]));
    try {
      await Promise.all(children.map((c) => c.line(0)));
      for (const c of children) c.process.stdin?.write('go\n');
      const claimed = (await Promise.all(children.map(async (c) => JSON.parse(await c.line(1)) as string[]))).flat();
      await Promise.all(children.map((c) => exited(c.process)));

      expect(claimed).toHaveLength(9);
      expect(new Set(claimed).size).toBe(9);
      expect(claimed.filter((id) => writes.slice(0, 4).some((w) => w.id === id))).toHaveLength(1);

      const after = await place.open();
      expect(doubleHeld(await after.outbox.listUnfinished())).toEqual([]);
      expect(await after.outbox.counts()).toMatchObject({ sending: 9, pending: 3 });
      await after.close();
    } finally {
      for (const c of children) if (c.process.exitCode === null) c.process.kill('SIGKILL');
      await place.cleanup();
      removeDir(dir);
    }
  }, 60_000); // three tsx processes start on a shared, busy machine
});

/** A child running `script` through tsx, whose stdout lines can be awaited by number. */
function startChild(script: string, args: string[]): { process: ChildProcess; line(n: number): Promise<string> } {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: repoRoot, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let wake = (): void => undefined;
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    wake();
  });
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  child.once('exit', () => wake());
  return {
    process: child,
    line: async (n) => {
      for (;;) {
        const lines = out.split('\n');
        if (lines.length > n + 1) return lines[n]!;
        if (child.exitCode !== null || child.signalCode !== null) throw new Error(`child exited before line ${n}: ${err}`);
        await new Promise<void>((resolve) => (wake = resolve));
      }
    },
  };
}
