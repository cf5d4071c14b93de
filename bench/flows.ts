/**
 * Steps of the real flows, through the stand-in's driver, prepared in parallel batches:
 * summaries in the channel, payment forms open, payments at the review step.
 */
import type { InputValue } from '../dev/slack-standin/index.ts';
import { ASHA, CHANNEL, daysAgo, type World } from './env.ts';
import type { Watch } from './watch.ts';

/** Runs `fn` over `items`, `width` at a time. */
export async function inBatches<T, R>(items: readonly T[], width: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let start = 0; start < items.length; start += width) {
    const batch = items.slice(start, start + width);
    out.push(...(await Promise.all(batch.map((item, k) => fn(item, start + k)))));
  }
  return out;
}

/** `/loan <id>` for each loan → the ts of its summary message. */
export async function postSummaries(world: World, watch: Watch, loans: readonly string[]): Promise<string[]> {
  return inBatches(loans, 25, async (loan) => {
    const after = performance.now();
    const ack = await world.slack.slashCommand({ text: loan, userId: ASHA, channelId: CHANNEL });
    if (ack.status !== 200) throw new Error(`bench: /loan ${loan} answered ${ack.status}`);
    return (await watch.summary(loan, after, 30_000)).message.ts;
  });
}

/**
 * `/loan pay <loan>` by each user → their payment form is open. When the lookup behind the form failed
 * (the modal shows an error instead, e.g. a short lender timeout on a busy machine), the user closes it
 * and tries again, up to three times, as a person would.
 */
export async function openForms(world: World, watch: Watch, users: readonly string[], loans: readonly string[]): Promise<void> {
  await inBatches(users, 25, async (user, i) => {
    for (let attempt = 1; ; attempt += 1) {
      const ack = await world.slack.slashCommand({ text: `pay ${loans[i] ?? ''}`, userId: user, channelId: CHANNEL });
      if (ack.status !== 200) throw new Error(`bench: /loan pay answered ${ack.status}`);
      const view = await watch.view(user, ['payment_form', 'payment_status'], 30_000);
      if (view.callback_id === 'payment_form') return;
      if (attempt >= 3) throw new Error(`bench: ${user} could not open the payment form: the lookup failed ${attempt} times`);
      await world.slack.closeView({ userId: user });
    }
  });
}

export function paymentValues(amount: number, reference: string): Record<string, InputValue> {
  return {
    amount: String(amount),
    final_status: 'Partially Recovered',
    payment_method: 'Online',
    date_of_default: daysAgo(60),
    reference,
  };
}

/** Each user submits their open form → their modal shows the review (Confirm). */
export async function submitForms(world: World, users: readonly string[], values: (i: number) => Record<string, InputValue>): Promise<void> {
  await inBatches(users, 25, async (user, i) => {
    const result = await world.slack.submitView({ userId: user, values: values(i) });
    if (result.outcome !== 'updated' || result.viewAfter?.callback_id !== 'payment_review') {
      throw new Error(`bench: the payment form of ${user} did not go to review (${result.outcome} ${JSON.stringify(result.errors ?? result.problems ?? '')})`);
    }
  });
}
