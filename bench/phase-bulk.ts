/**
 * Bulk payments under load: a 10,000-row settlement file through `/loan bulk` (upload, review, Confirm) with
 * a 20 ms lender and CREDGENICS_WRITES_PER_SECOND=50, while a person looks loans up at 20/s:
 * - the sustained send rate (the middle 80 % of the drain), and the most sends in any one second;
 * - the app's RSS peak from Confirm to the last send;
 * - lookup acks during the drain.
 */
import { ASHA, BENCH_LOANS, CHANNEL, SIGNING_SECRET, loanId, type World } from './env.ts';
import { AppChild, profiling } from './app-child.ts';
import { buildAppBundle } from './app-bundle.ts';
import { SignedSender, slashBody, type Ack } from './sender.ts';
import { atRate, dist, sleep, type Dist } from './stats.ts';

export const BULK_ROWS = 10_000;
export const BULK_RATE = 50;

export interface BulkRun {
  backend: 'sqlite' | 'postgres';
  rows: number;
  rate: number;
  sent: number;
  /** Sends per second over the middle 80 % of the drain. */
  sustained: number;
  /** The most sends in any 1,000 ms. */
  maxInOneSecond: number;
  reviewSeconds: number;
  drainSeconds: number;
  rssPeakBytes: number;
  lookups: Dist;
}

function bulkFile(rows: number): string {
  const lines = ['loan_id,amount_recovered,final_status,payment_method,payment_reference_number'];
  for (let i = 0; i < rows; i++) lines.push(`${loanId(i % BENCH_LOANS)},"${(100 + (i % 900)).toLocaleString('en-IN')}",Closed,Online,BULK-${i}`);
  return `${lines.join('\r\n')}\r\n`;
}

function maxInWindow(times: number[], windowMs: number): number {
  let best = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i]! - times[j]! >= windowMs) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

export async function bulkBatch(world: World, rows = BULK_ROWS, rate = BULK_RATE, databaseUrl?: string): Promise<BulkRun> {
  const init = world.appInit(databaseUrl ? { databaseUrl } : {});
  init.env['CREDGENICS_WRITES_PER_SECOND'] = String(rate);
  // As `npm start` runs it (bundled, plain node): the drain's memory is the app's, not tsx's loader's.
  const bundle = profiling() ? undefined : await buildAppBundle();
  const app = await AppChild.start(init, bundle ? { bundle } : {});
  world.slack.setAppUrl(app.eventsUrl);
  world.credgenics.setFault({ delayMs: 20 });
  const sender = new SignedSender(app.eventsUrl, SIGNING_SECRET);
  try {
    const tReview = performance.now();
    await world.slack.slashCommand({ text: 'bulk', userId: ASHA, channelId: CHANNEL });
    const form = await world.slack.waitForView(ASHA, 'bulk_form', { timeoutMs: 10_000 });
    const fileId = world.slack.uploadFile('settlement.csv', bulkFile(rows), ASHA);
    await world.slack.submitView({ userId: ASHA, viewId: form.id, values: { bulk_file: [fileId] } });
    await world.slack.waitForView(ASHA, 'bulk_review', { timeoutMs: 180_000 });
    const reviewSeconds = (performance.now() - tReview) / 1000;
    await app.request('peak-reset');
    const patchesBefore = world.credgenics.requests.length;
    const t0 = performance.now();
    await world.slack.submitView({ userId: ASHA });
    const sends = () => world.credgenics.requests.slice(patchesBefore).filter((r) => r.method === 'PATCH');
    const lookups: Promise<Ack>[] = [];
    let done = false;
    const looking = atRate(20, 1_000_000, (i) => {
      if (done) return false;
      lookups.push(sender.post(slashBody(world.slack, loanId(i % BENCH_LOANS), ASHA, CHANNEL)));
      return undefined;
    }, (rows / rate) * 1000 + 120_000);
    const limit = (rows / rate) * 1000 + 120_000;
    while (sends().length < rows && performance.now() - t0 < limit) await sleep(250);
    done = true;
    const drainSeconds = (performance.now() - t0) / 1000;
    await looking;
    const times = sends().map((r) => r.at).sort((a, b) => a - b);
    const from = times[Math.floor(times.length * 0.1)] ?? 0;
    const to = times[Math.floor(times.length * 0.9)] ?? 0;
    const sustained = to > from ? (Math.floor(times.length * 0.9) - Math.floor(times.length * 0.1)) / ((to - from) / 1000) : 0;
    const mem = await app.request('mem');
    const acks = await Promise.all(lookups);
    return {
      backend: databaseUrl ? 'postgres' : 'sqlite',
      rows,
      rate,
      sent: times.length,
      sustained,
      maxInOneSecond: maxInWindow(times, 1000),
      reviewSeconds,
      drainSeconds,
      rssPeakBytes: mem.peak,
      lookups: dist(acks.filter((a) => !a.failed).map((a) => a.ms)),
    };
  } finally {
    sender.close();
    world.credgenics.clearFaults();
    await app.stop(2_000);
  }
}
