/** `npx tsx bench/only-store.ts`: just the store rows of the bench (section 8), for a quick look. */
import { AppChild } from './app-child.ts';
import { startWorld } from './env.ts';
import { confirmsAtRate, drainWhileLooking, twoInstanceLookups, type StoreRun } from './phase-store.ts';
import { startBenchPostgres } from './postgres.ts';
import { storeRows } from './report.ts';
import { Results, renderTable } from './stats.ts';
import { Watch } from './watch.ts';

const WRITES = 1_000;
const world = await startWorld();
const watch = new Watch(world.slack);
const results = new Results();
const postgres = await startBenchPostgres();
const runs: StoreRun[] = [];
try {
  for (const backend of ['sqlite', 'postgres'] as const) {
    const init = world.appInit(backend === 'postgres' ? { databaseUrl: await postgres.database() } : {});
    const app = await AppChild.start(init);
    world.slack.setAppUrl(app.eventsUrl);
    const confirm = await confirmsAtRate(world, watch, `ST${backend[0]}`, 200, 50);
    await app.idle(15_000);
    const drain = await drainWhileLooking(world, init, app.eventsUrl, `DR${backend[0]}`, WRITES);
    await app.stop(2_000);
    runs.push({ backend, confirm, drain });
  }
  const shared = world.appInit({ databaseUrl: await postgres.database() });
  const a = await AppChild.start(shared);
  const b = await AppChild.start(shared);
  world.slack.setAppUrl(a.eventsUrl);
  const twin = await twoInstanceLookups(world, [a.eventsUrl, b.eventsUrl], 200, 5);
  await a.stop(2_000);
  await b.stop(2_000);
  storeRows(results, runs, twin, WRITES);
} finally {
  await postgres.stop();
  await world.close();
}
process.stdout.write(`${renderTable(results.rows)}\n`);
process.exit(0);
