/** `npx tsx bench/only-bulk.ts [rows]`: just the bulk-payments rows of the bench (section 9). */
import { startWorld } from './env.ts';
import { BULK_RATE, BULK_ROWS, bulkBatch } from './phase-bulk.ts';
import { bulkRows } from './report-bulk.ts';
import { Results, renderTable } from './stats.ts';

const rows = Number(process.argv[2] ?? BULK_ROWS) || BULK_ROWS;
const world = await startWorld();
const results = new Results();
try {
  bulkRows(results, await bulkBatch(world, rows, BULK_RATE));
} finally {
  await world.close();
}
process.stdout.write(`${renderTable(results.rows)}\n`);
process.exit(0);
