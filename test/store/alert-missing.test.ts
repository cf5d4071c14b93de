/**
 * Failed writes without an alert, swept by every instance (src/usecases/alert-missing.ts): each missing
 * alert is posted once however many instances sweep at the same time, a failure the recording instance
 * may still be alerting is left to it, bulk rows are left to their batch message, and a claim whose post
 * went nowhere lapses so a later sweep tries again. On both backends, two stores on one database.
 */
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.ts';
import type { OutboxWrite, Store } from '../../src/store/index.ts';
import { ALERT_GRACE_MS, alertMissingAlerts } from '../../src/usecases/alert-missing.ts';
import { backends, twoInstancesPerTest } from './backends.ts';
import { claimAndSend, newWrite, refused, TestClock } from './helpers.ts';

const logger = createLogger({ level: 'silent' });

/** A notifier that counts the alerts it was asked to post; `posts` false: Slack took none of them. */
function countingNotifier(store: Store, posts = true) {
  const alerted: string[] = [];
  return {
    alerted,
    failed: async (write: OutboxWrite) => {
      alerted.push(write.id);
      if (posts) await store.outbox.addAlert(write.id, { channel: 'C1', ts: `${alerted.length}.000` });
    },
  };
}

describe.each(backends)('missing alerts on $name', (backend) => {
  const clock = new TestClock();
  const instances = twoInstancesPerTest(backend, clock);
  const twoInstances = () => instances.open();

  async function failedWrite(store: Store, overrides: Parameters<typeof newWrite>[0] = {}): Promise<OutboxWrite> {
    await store.outbox.record(newWrite(overrides));
    const sent = await claimAndSend(store);
    const failed = await store.outbox.markFailed(sent.id, refused, 'worker-a');
    if (!failed) throw new Error('test: not failed');
    return failed;
  }

  it('two instances sweeping at once post the alert once, and only once the failure is older than the grace', async () => {
    const [a, b] = await twoInstances();
    const write = await failedWrite(a);
    const [na, nb] = [countingNotifier(a), countingNotifier(b)];
    // The instance that recorded the failure may be posting its alert right now: left to it.
    clock.advance(ALERT_GRACE_MS / 2);
    await Promise.all([alertMissingAlerts({ store: a, notifier: na, logger }, clock.t), alertMissingAlerts({ store: b, notifier: nb, logger }, clock.t)]);
    expect([...na.alerted, ...nb.alerted]).toEqual([]);
    clock.advance(ALERT_GRACE_MS);
    await Promise.all([alertMissingAlerts({ store: a, notifier: na, logger }, clock.t), alertMissingAlerts({ store: b, notifier: nb, logger }, clock.t)]);
    expect([...na.alerted, ...nb.alerted]).toEqual([write.id]);
    clock.advance(10 * 60_000);
    await alertMissingAlerts({ store: b, notifier: nb, logger }, clock.t);
    expect([...na.alerted, ...nb.alerted]).toEqual([write.id]); // it has its alert now
  });

  it('leaves bulk rows to their batch message', async () => {
    const [a] = await twoInstances();
    await failedWrite(a, { idempotencyKey: 'bulk:F1:2:abc' });
    clock.advance(2 * ALERT_GRACE_MS);
    const n = countingNotifier(a);
    expect(await alertMissingAlerts({ store: a, notifier: n, logger }, clock.t)).toBe(0);
    expect(n.alerted).toEqual([]);
  });

  it('finds a person’s failed write behind a month end of failed bulk rows', async () => {
    const [a] = await twoInstances();
    const write = await failedWrite(a);
    for (let row = 2; row < 212; row++) await failedWrite(a, { idempotencyKey: `bulk:F1:${row}:abc` });
    clock.advance(2 * ALERT_GRACE_MS);
    const n = countingNotifier(a);
    await alertMissingAlerts({ store: a, notifier: n, logger }, clock.t);
    expect(n.alerted).toEqual([write.id]);
  });

  it('tries again once a claim whose post went nowhere has lapsed', async () => {
    const [a, b] = await twoInstances();
    const write = await failedWrite(a);
    clock.advance(2 * ALERT_GRACE_MS);
    const slackDown = countingNotifier(a, false);
    await alertMissingAlerts({ store: a, notifier: slackDown, logger }, clock.t);
    expect(slackDown.alerted).toEqual([write.id]);
    const nb = countingNotifier(b);
    clock.advance(60_000);
    await alertMissingAlerts({ store: b, notifier: nb, logger }, clock.t); // still claimed by a
    expect(nb.alerted).toEqual([]);
    clock.advance(5 * 60_000);
    await alertMissingAlerts({ store: b, notifier: nb, logger }, clock.t);
    expect(nb.alerted).toEqual([write.id]);
  });
});
