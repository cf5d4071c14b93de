/** `npx tsx bench/only-bulk.ts [rows] [sqlite|postgres|both]`: just the bulk-payments rows of the bench (section 9). */
import { startWorld } from './env.ts';
import { startBenchPostgres } from './postgres.ts';
import { BULK_RATE, BULK_ROWS, bulkBatch } from './phase-bulk.ts';
import { bulkRows } from './report-bulk.ts';
import { Results, renderTable } from './stats.ts';

const rows = Number(process.argv[2] ?? BULK_ROWS) || BULK_ROWS;
const world = await startWorld();
const results = new Results();
const which = process.argv[3] ?? 'both';
const postgres = which === 'sqlite' ? undefined : await startBenchPostgres();
try {
  if (which !== 'postgres') bulkRows(results, await bulkBatch(world, rows, BULK_RATE));
  if (postgres) bulkRows(results, await bulkBatch(world, rows, BULK_RATE, await postgres.database()));
} finally {
  await postgres?.stop();
  await world.close();
}
process.stdout.write(`${renderTable(results.rows)}\n`);
process.exit(0);
