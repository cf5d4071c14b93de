import { startWorld } from './env.ts';
import { AppChild } from './app-child.ts';
import { Watch } from './watch.ts';
import { outboxFailures } from './phase-outbox.ts';
const world = await startWorld();
const watch = new Watch(world.slack);
const app = await AppChild.start(world.appInit({ timeoutMs: Number(process.env.TMO ?? 300) }));
world.slack.setAppUrl(app.eventsUrl);
for (const seed of [13]) {
  const r = await outboxFailures(world, watch, 100, 'two per loan', 0.5, seed);
  console.log(JSON.stringify({ ...r, lostRefs: r.lostRefs }, null, 1));
}
await app.stop(); await world.close(); process.exit(0);
