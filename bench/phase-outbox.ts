/**
 * Row 7: payments through the outbox. `P` agents each have a payment at the review step; all press
 * Confirm at once; the stand-in records each "Payment recorded" confirmation (or alert).
 * - throughput: 20 ms lender, nothing fails → payments/s and Confirm → confirmation latency;
 * - failures: the next PATCHes fail at random, 10 % with 500 and 10 % "applied, then timed out"
 *   (the sandbox applies the payment and answers after 2.5 s; the app gives up at 1 s), then Retry is
 *   pressed on every alert with the lender healed. Each payment has its own reference, so the sandbox's
 *   `payments(loanId)` says exactly how many times each outbox write was applied.
 */
import type { Fault } from '../dev/sandbox/credgenics/index.ts';
import { readableText } from '../dev/slack-standin/index.ts';
import { CHANNEL, type World } from './env.ts';
import { inBatches, openForms, paymentValues, submitForms } from './flows.ts';
import { dist, type Dist } from './stats.ts';
import type { Watch } from './watch.ts';

/** The app's Credgenics timeout in the failure runs, and how long an "applied, then timed out" PATCH takes to answer. */
export const FAILURE_TIMEOUT_MS = 1_000;
const APPLIED_THEN_ANSWER_MS = 2_500;

interface Prepared {
  users: string[];
  loans: string[];
  refs: string[];
  amounts: number[];
}

/** A small seeded PRNG, so the failure pattern is the same on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function prepare(world: World, watch: Watch, tag: string, p: number, loansPerPayment: 1 | 0.5, rnd: () => number): Promise<Prepared> {
  const users = world.pool.users(p);
  const distinct = world.pool.loans(Math.ceil(p * loansPerPayment));
  const loans = users.map((_, i) => distinct[i % distinct.length] ?? '');
  const refs = users.map((_, i) => `${tag}-${i}`);
  const amounts = users.map(() => 1000 + Math.floor(rnd() * 9000));
  await openForms(world, watch, users, loans);
  await submitForms(world, users, (i) => paymentValues(amounts[i] ?? 1000, refs[i] ?? ''));
  return { users, loans, refs, amounts };
}

/** Everyone presses Confirm at once; resolves with the send time of each. */
async function confirmAll(world: World, prepared: Prepared): Promise<{ sentAt: number[]; failedAcks: number; ackMs: number[] }> {
  const sentAt: number[] = [];
  const acks = await Promise.all(
    prepared.users.map((user, i) => {
      sentAt[i] = performance.now();
      return world.slack.submitView({ userId: user });
    }),
  );
  // A late ack (> 3 s) is one Slack would have shown as an error, even if the app then recorded the payment.
  return { sentAt, failedAcks: acks.filter((a) => a.status !== 200 || a.outcome !== 'updated').length, ackMs: acks.map((a) => a.ackMs) };
}

export interface Throughput {
  payments: number;
  confirmed: number;
  seconds: number;
  perSecond: number;
  latency: Dist;
  failedAcks: number;
  /** The Confirm acks themselves (the app records each payment in its store before acking). */
  confirmAck: Dist;
}

export async function outboxThroughput(world: World, watch: Watch, p: number): Promise<Throughput> {
  world.credgenics.setFault({ delayMs: 20 });
  const prepared = await prepare(world, watch, 'OBX', p, 1, random(7));
  const t0 = performance.now();
  const { sentAt, failedAcks, ackMs } = await confirmAll(world, prepared);
  await watch.messagesUntil(() => prepared.refs.every((r) => watch.confirmations.has(r)), 30_000);
  const done = prepared.refs.map((r, i) => ({ at: watch.confirmations.get(r)?.at, sent: sentAt[i] ?? t0 }));
  const seen = done.filter((d): d is { at: number; sent: number } => d.at !== undefined);
  const last = Math.max(...seen.map((d) => d.at));
  world.credgenics.clearFaults();
  const seconds = (last - t0) / 1000;
  return { payments: p, confirmed: seen.length, seconds, perSecond: seen.length / seconds, latency: dist(seen.map((d) => d.at - d.sent)), failedAcks, confirmAck: dist(ackMs) };
}

export interface FailureRun {
  label: string;
  attempted: number;
  failedAcks: number;
  /** Faults injected: 500s and applied-then-timed-out. */
  injected: { status500: number; appliedThenTimeout: number };
  alerted: number;
  retried: number;
  confirmed: number;
  reconciled: number;
  appliedOnce: number;
  doubled: number;
  lost: number;
  /** Not applied, with an alert still open (visible, retryable: not lost). */
  unresolved: number;
  /** Applied, but the alert still says it failed. */
  appliedButAlerted: number;
  lostRefs: string[];
  /** For each payment whose alert is still open: its reference, whether it was applied, and what the alert says now. */
  openAlerts: string[];
}

export async function outboxFailures(world: World, watch: Watch, p: number, label: string, loansPerPayment: 1 | 0.5, seed: number): Promise<FailureRun> {
  const { credgenics, slack } = world;
  const rnd = random(seed);
  credgenics.setFault({ delayMs: 20 });
  const prepared = await prepare(world, watch, `F${seed}`, p, loansPerPayment, rnd);
  // One fault per upcoming PATCH, in arrival order: 10 % 500, 10 % applied-then-timeout, the rest pass.
  const slots: Fault[] = prepared.users.map((_, i) => {
    const base: Fault = { match: { method: 'PATCH' }, times: 1, delayMs: 20 };
    if (i % 10 === 0) return { ...base, status: 500 };
    if (i % 10 === 1) return { ...base, applyThenDelayMs: APPLIED_THEN_ANSWER_MS };
    return base;
  });
  for (let i = slots.length - 1; i > 0; i -= 1) {
    const j = Math.floor(rnd() * (i + 1));
    [slots[i], slots[j]] = [slots[j] as Fault, slots[i] as Fault];
  }
  credgenics.clearFaults();
  for (const slot of slots) credgenics.addFault(slot);
  credgenics.addFault({ delayMs: 20 });

  const { failedAcks } = await confirmAll(world, prepared);
  const settled = () => prepared.refs.every((r) => watch.confirmations.has(r) || watch.alerts.has(r));
  await watch.messagesUntil(settled, 20_000);

  credgenics.setFault({ delayMs: 20 });
  const toRetry = prepared.refs.map((ref, i) => ({ ref, i })).filter(({ ref }) => watch.alerts.has(ref) && !watch.confirmations.has(ref));
  await inBatches(toRetry, 25, async ({ ref, i }) => {
    const alert = watch.alerts.get(ref);
    if (!alert) return;
    await slack.clickButton({ messageTs: alert.message.ts, channelId: CHANNEL, actionId: 'alert_retry', userId: prepared.users[i] ?? '' });
  });
  await watch.messagesUntil(() => prepared.refs.every((r) => watch.confirmations.has(r)), 15_000);
  credgenics.clearFaults();

  const run: FailureRun = {
    label,
    attempted: p,
    failedAcks,
    injected: { status500: slots.filter((s) => s.status === 500).length, appliedThenTimeout: slots.filter((s) => s.applyThenDelayMs !== undefined).length },
    alerted: prepared.refs.filter((r) => watch.alerts.has(r)).length,
    retried: toRetry.length,
    confirmed: 0,
    reconciled: 0,
    appliedOnce: 0,
    doubled: 0,
    lost: 0,
    unresolved: 0,
    appliedButAlerted: 0,
    lostRefs: [],
    openAlerts: [],
  };
  prepared.refs.forEach((ref, i) => {
    const applied = credgenics.payments(prepared.loans[i] ?? '').filter((pay) => pay.paymentReferenceNumber === ref).length;
    const confirmation = watch.confirmations.get(ref);
    const openAlert = watch.alerts.has(ref) && !confirmation;
    if (confirmation) run.confirmed += 1;
    if (confirmation && JSON.stringify(confirmation.message.blocks).includes('nothing was sent twice')) run.reconciled += 1;
    if (applied === 1) run.appliedOnce += 1;
    if (applied > 1) run.doubled += 1;
    if (applied === 0 && openAlert) run.unresolved += 1;
    if (applied > 0 && openAlert) run.appliedButAlerted += 1;
    if (openAlert) {
      const now = readableText(watch.alerts.get(ref)?.message ?? {}).replace(/\s+/g, ' ');
      run.openAlerts.push(`${ref} (applied ${applied}×): ${/Status.{0,200}/.exec(now)?.[0] ?? now.slice(0, 200)}`);
    }
    if (applied === 0 && !openAlert) {
      run.lost += 1;
      const loan = prepared.loans[i] ?? '';
      const others = credgenics.payments(loan).map((pay) => `${pay.paymentReferenceNumber ?? '?'} ₹${pay.amountRecovered}`);
      const said = confirmation ? (JSON.stringify(confirmation.message.blocks).includes('nothing was sent twice') ? 'confirmed by reconciliation' : 'confirmed') : 'no message';
      run.lostRefs.push(`${ref} ₹${prepared.amounts[i] ?? '?'} on ${loan}: ${said}; applied on ${loan}: ${others.join(', ') || 'nothing'}`);
    }
  });
  return run;
}
