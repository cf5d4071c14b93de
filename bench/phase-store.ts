/**
 * The store under the outbox worker, on SQLite and on Postgres:
 * - Confirm acks at 50 Confirms/s (each Confirm records the write, and its audit entry, before acking);
 * - lookup acks while 1,000 writes drain through the worker (the writes are put in the store directly,
 *   as if confirmed a moment ago, so the bench does not spend minutes opening modals);
 * - how fast the worker drains them with a 20 ms lender;
 * - two instances on one Postgres at 200 lookups/s, alternating.
 */
import { openStore, type NewWrite } from '../src/store/index.ts';
import { ASHA, BENCH_LOANS, CHANNEL, SIGNING_SECRET, loanId, type World } from './env.ts';
import { openForms, paymentValues, submitForms } from './flows.ts';
import { SignedSender, slashBody, type Ack } from './sender.ts';
import { atRate, dist, sleep, type Dist } from './stats.ts';
import type { Watch } from './watch.ts';
import type { ChildInit } from './app-process.ts';

export interface StoreRun {
  backend: 'sqlite' | 'postgres';
  confirm: { ack: Dist; failed: number };
  drain: { lookups: Dist; drained: number; seconds: number };
}

/** `n` agents each at the review step of a payment, then Confirm at `rate`/s; the acks. */
export async function confirmsAtRate(world: World, watch: Watch, tag: string, n: number, rate: number): Promise<{ ack: Dist; failed: number }> {
  const users = world.pool.users(n);
  const loans = world.pool.loans(n);
  await openForms(world, watch, users, loans);
  await submitForms(world, users, (i) => paymentValues(1_000 + i, `${tag}-${i}`));
  const acks: Promise<{ ackMs: number; ok: boolean }>[] = [];
  await atRate(rate, n, (i) => {
    acks.push(world.slack.submitView({ userId: users[i] ?? '' }).then((r) => ({ ackMs: r.ackMs, ok: r.status === 200 && r.outcome === 'updated' })));
  });
  const done = await Promise.all(acks);
  return { ack: dist(done.map((d) => d.ackMs)), failed: done.filter((d) => !d.ok).length };
}

function benchWrite(tag: string, i: number): NewWrite {
  const loan = loanId(i % BENCH_LOANS);
  return {
    idempotencyKey: `${tag}-${i}`,
    lender: 'credgenics',
    operation: 'update_loan',
    loanId: loan,
    request: { operation: 'update_loan', loanId: loan, body: { emi_amount: 1_000 + (i % 5_000) } },
    summary: 'EMI changed',
    requestedBy: ASHA,
    channelId: CHANNEL,
    priority: 10,
  };
}

/** Puts `n` writes in the app's store and measures lookups while the worker sends them all. */
export async function drainWhileLooking(world: World, init: ChildInit, eventsUrl: string, tag: string, n: number): Promise<{ lookups: Dist; drained: number; seconds: number }> {
  const store = await openStore({ dataDir: init.env['LOANBOT_DATA_DIR'] ?? '', databaseUrl: init.env['DATABASE_URL'] });
  world.credgenics.setFault({ delayMs: 20 });
  const sender = new SignedSender(eventsUrl, SIGNING_SECRET);
  const lookups: Promise<Ack>[] = [];
  try {
    const before = (await store.outbox.counts()).confirmed;
    const t0 = performance.now();
    for (let i = 0; i < n; i += 100) await Promise.all(Array.from({ length: Math.min(100, n - i) }, (_, k) => store.outbox.record(benchWrite(tag, i + k))));
    let confirmed = 0;
    const loans = Array.from({ length: 400 }, (_, k) => loanId(k));
    let next = 0;
    const looking = atRate(20, 100_000, () => {
      if (confirmed >= n) return false;
      lookups.push(sender.post(slashBody(world.slack, loans[next++ % loans.length] ?? '', ASHA, CHANNEL)));
      return undefined;
    }, 120_000);
    while (confirmed < n && performance.now() - t0 < 120_000) {
      await sleep(100);
      confirmed = (await store.outbox.counts()).confirmed - before;
    }
    const seconds = (performance.now() - t0) / 1000;
    await looking;
    const acks = await Promise.all(lookups);
    return { lookups: dist(acks.filter((a) => !a.failed).map((a) => a.ms)), drained: confirmed, seconds };
  } finally {
    sender.close();
    world.credgenics.clearFaults();
    await store.close();
  }
}

/** `/loan <id>` at `rate`/s for `seconds`, alternating between two instances; the acks. */
export async function twoInstanceLookups(world: World, urls: [string, string], rate: number, seconds: number): Promise<{ ack: Dist; failed: number }> {
  const senders = urls.map((u) => new SignedSender(u, SIGNING_SECRET));
  const loans = Array.from({ length: 400 }, (_, k) => loanId(k));
  const user = ASHA;
  const acks: Promise<Ack>[] = [];
  try {
    await atRate(rate, rate * seconds, (i) => {
      acks.push((senders[i % 2] as SignedSender).post(slashBody(world.slack, loans[i % loans.length] ?? '', user, CHANNEL)));
    });
    const done = await Promise.all(acks);
    return { ack: dist(done.filter((a) => !a.failed && a.status === 200).map((a) => a.ms)), failed: done.filter((a) => a.failed || a.status !== 200).length };
  } finally {
    for (const s of senders) s.close();
  }
}
