/**
 * Rows 1 and 2: how fast loanbot acks each kind of Slack request while the lender takes 0 ms, 2 s or
 * 10 s (sandbox `setFault({ delayMs })`), and how old the trigger_id was when views.open used it.
 * Everything a request needs (a summary to click, an open form, a review) is prepared with a fast
 * lender first; then the delay is set and `n` requests of each kind are sent at 50/s (open loop)
 * through the stand-in's driver, which times each ack from send to the end of the answer.
 */
import type { DriverResult, SubmitResult } from '../dev/slack-standin/index.ts';
import type { AppChild } from './app-child.ts';
import { ASHA, CHANNEL, type World } from './env.ts';
import { cpuShare, cpuSnap, type CpuShare } from './machine.ts';
import { openForms, paymentValues, postSummaries } from './flows.ts';
import { atRate, sleep } from './stats.ts';
import type { Watch } from './watch.ts';

export const ACK_KINDS = ['slash', 'click', 'form', 'confirm'] as const;
export type AckKind = (typeof ACK_KINDS)[number];

export const ACK_LABELS: Record<AckKind, string> = {
  slash: '/loan <id>',
  click: 'click Record payment',
  form: 'submit form → review',
  confirm: 'submit review → Confirm',
};

export interface AckPhase {
  delayMs: number;
  samples: Record<AckKind, number[]>;
  /** Requests that failed (non-200, unexpected outcome, or thrown). */
  errors: string[];
  /** Age of each trigger_id when views.open used it (clicks of this phase). */
  triggerAges: number[];
  triggerFailures: number;
  /** How busy the machine was while the requests were sent. */
  cpu: CpuShare | undefined;
}

const RATE = 50;

async function paced<T extends DriverResult>(n: number, kind: AckKind, phase: AckPhase, send: (i: number) => Promise<T>, ok: (r: T) => boolean): Promise<void> {
  const all: Promise<void>[] = [];
  await atRate(RATE, n, (i) => {
    all.push(
      send(i).then(
        (r) => {
          if (r.status === 200 && ok(r)) phase.samples[kind].push(r.ackMs);
          else phase.errors.push(`${kind} #${i}: HTTP ${r.status} ${(r as Partial<SubmitResult>).outcome ?? ''}`);
        },
        (error: unknown) => {
          phase.errors.push(`${kind} #${i}: ${String(error)}`);
        },
      ),
    );
  });
  await Promise.all(all);
}

export async function ackPhase(world: World, watch: Watch, app: AppChild, delayMs: number, n: number): Promise<AckPhase> {
  const { slack, credgenics, pool } = world;
  const phase: AckPhase = { delayMs, samples: { slash: [], click: [], form: [], confirm: [] }, errors: [], triggerAges: [], triggerFailures: 0, cpu: undefined };
  credgenics.clearFaults();
  const summaryLoans = pool.loans(n);
  const clickers = pool.users(n);
  const formUsers = pool.users(n);
  const formLoans = pool.loans(n);
  const summaryTs = await postSummaries(world, watch, summaryLoans);
  await openForms(world, watch, formUsers, formLoans);

  if (delayMs > 0) credgenics.setFault({ delayMs });
  const usesBefore = slack.triggerUses.length;
  const appBefore = await app.request('mem');
  const snap = cpuSnap();

  await paced(n, 'slash', phase, (i) => slack.slashCommand({ text: summaryLoans[i] ?? '', userId: ASHA, channelId: CHANNEL }), () => true);
  await paced(
    n,
    'click',
    phase,
    (i) => slack.clickButton({ messageTs: summaryTs[i] ?? '', channelId: CHANNEL, actionId: 'summary_record_payment', userId: clickers[i] ?? ASHA }),
    () => true,
  );
  const refs = formUsers.map((_, i) => `ACK${delayMs}-${i}`);
  await paced(
    n,
    'form',
    phase,
    (i) => slack.submitView({ userId: formUsers[i] ?? ASHA, values: paymentValues(1000 + i, refs[i] ?? '') }),
    (r) => r.outcome === 'updated' && r.viewAfter?.callback_id === 'payment_review',
  );
  await paced(n, 'confirm', phase, (i) => slack.submitView({ userId: formUsers[i] ?? ASHA }), (r) => r.outcome === 'updated');
  phase.cpu = cpuShare(snap, cpuSnap(), (await app.request('mem')).cpuMicros - appBefore.cpuMicros);

  // The clicks' views.open calls are made right after each ack; give the last ones a moment.
  for (let waited = 0; slack.triggerUses.length - usesBefore < n && waited < 3_000; waited += 20) await sleep(20);
  for (const use of slack.triggerUses.slice(usesBefore)) {
    if (use.method !== 'views.open') continue;
    phase.triggerAges.push(use.ageMs);
    if (!use.ok) phase.triggerFailures += 1;
  }
  if (delayMs <= 2_000) {
    // Let the payments finish (lookup before the PATCH, the PATCH, the confirmation) before the next phase.
    await watch.messagesUntil(() => refs.every((ref) => watch.confirmations.has(ref)), 2 * delayMs + 5_000);
  }
  credgenics.clearFaults();
  return phase;
}
