/**
 * Row 4: the naive app (bench/naive-app.ts) with a slow lender. `n` commands at 10/s through the same
 * signed sender; an ack later than 3 s (or none within 3.2 s, when the sender gives up as Slack would)
 * is a missed deadline: Slack shows the user "/loan failed with the error operation_timeout".
 */
import { BOT_TOKEN, CG_ROLE, CG_TOKEN, CHANNEL, SIGNING_SECRET, type World } from './env.ts';
import { startNaiveApp } from './naive-app.ts';
import { SignedSender, slashBody } from './sender.ts';
import { atRate, dist, type Dist } from './stats.ts';

export interface NaiveRun {
  delayMs: number;
  sent: number;
  missed: number;
  ack: Dist;
}

export const SLACK_DEADLINE_MS = 3_000;

export async function naivePhase(world: World, delays: number[], n: number): Promise<NaiveRun[]> {
  const app = await startNaiveApp({
    signingSecret: SIGNING_SECRET,
    botToken: BOT_TOKEN,
    slackApiUrl: world.slack.apiUrl,
    lenderUrl: world.credgenics.url,
    lenderHeaders: { authenticationtoken: CG_TOKEN, role: CG_ROLE },
  });
  const sender = new SignedSender(app.eventsUrl, SIGNING_SECRET);
  const runs: NaiveRun[] = [];
  try {
    const loans = world.pool.loans(n);
    for (const delayMs of delays) {
      world.credgenics.setFault({ delayMs });
      const acks: Promise<{ ms: number; ok: boolean }>[] = [];
      await atRate(10, n, (i) => {
        const body = slashBody(world.slack, loans[i] ?? '', 'U01ASHA', CHANNEL);
        acks.push(sender.post(body, SLACK_DEADLINE_MS + 200).then((a) => ({ ms: a.ms, ok: a.status === 200 && !a.failed })));
      });
      const done = await Promise.all(acks);
      const answered = done.filter((a) => a.ok).map((a) => a.ms);
      const missed = done.filter((a) => !a.ok || a.ms > SLACK_DEADLINE_MS).length;
      runs.push({ delayMs, sent: done.length, missed, ack: dist(answered) });
    }
  } finally {
    world.credgenics.clearFaults();
    sender.close();
    await app.stop();
  }
  return runs;
}
