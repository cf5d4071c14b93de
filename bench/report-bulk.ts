/** The bulk-payments rows of the bench table (section 9). */
import type { BulkRun } from './phase-bulk.ts';
import { mb, ms, type Results } from './stats.ts';

export function bulkRows(results: Results, run: BulkRun): void {
  const target = run.rate * 0.9;
  results.add({
    section: '9',
    figure: `${run.backend} bulk: ${run.rows.toLocaleString('en-IN')}-row file, lender 20 ms, CREDGENICS_WRITES_PER_SECOND=${run.rate}: sustained rate`,
    value: `${run.sustained.toFixed(1)} writes/s (${run.sent}/${run.rows} sent in ${run.drainSeconds.toFixed(0)} s; review took ${run.reviewSeconds.toFixed(1)} s)`,
    target: `≥ ${target.toFixed(0)}/s, every row sent`,
    pass: run.sustained >= target && run.sent === run.rows,
    data: run,
  });
  results.add({
    section: '9',
    figure: `${run.backend} bulk: the most requests the sandbox Credgenics received in any one second (sliding, by arrival)`,
    value: `${run.maxInOneSecond}`,
    target: `≤ ${run.rate} (CREDGENICS_WRITES_PER_SECOND)`,
    pass: run.maxInOneSecond <= run.rate,
    data: { maxInOneSecond: run.maxInOneSecond, rate: run.rate },
  });
  results.add({
    section: '9',
    figure: `${run.backend} bulk: RSS peak during the drain (the app bundled, as \`npm start\` runs it)`,
    value: `${mb(run.rssPeakBytes)} MB`,
    target: '< 300 MB',
    pass: run.rssPeakBytes < 300 * 1024 * 1024,
    data: { rssPeakBytes: run.rssPeakBytes },
  });
  results.add({
    section: '9',
    figure: `${run.backend} bulk: lookup ack at 20/s during the drain (${run.lookups.n})`,
    value: `p50 ${ms(run.lookups.p50)} / p99 ${ms(run.lookups.p99)} ms`,
    target: 'p99 < 20 ms',
    pass: run.lookups.p99 < 20,
    data: run.lookups,
  });
}
