/**
 * Bulk files that would freeze everyone: a header and a flood of blank lines (read off the event loop,
 * every line counted), and a file host that sends without end or redirects elsewhere (read up to the
 * 2 MB cap, no redirect off Slack's file host).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ASHA, CHANNEL, HEADER, submitBulkFile } from './bulk-helpers.ts';
import { visibleText } from './harness.ts';
import { useHarness } from './use-harness.ts';

const h = useHarness();

/** `/loan bulk` with this file, its download answered by `answer` (the stand-in's file host misbehaving). */
async function submitWithDownload(name: string, answer: Parameters<typeof h.slack.answerDownload>[1]) {
  const before = new Set(h.slack.openViews(ASHA).map((v) => v.id));
  await h.slack.slashCommand({ text: 'bulk', userId: ASHA, channelId: CHANNEL });
  const form = await h.slack.waitForView(ASHA, (v) => v.callback_id === 'bulk_form' && !before.has(v.id));
  const fileId = h.slack.uploadFile(name, `${HEADER}\n`, ASHA);
  h.slack.answerDownload(fileId, answer);
  return h.slack.submitView({ userId: ASHA, viewId: form.id, values: { bulk_file: [fileId] } });
}

describe('a file of a header and a flood of blank lines', () => {
  it('is refused for its line count, and another person’s /loan is acked at once while it is read', async () => {
    // 100,000 blank lines (0.1 MB): csv-parse/sync held the event loop ~2–3 s for them before the ack.
    const submitted = submitBulkFile(h, 'blank-lines.csv', `${HEADER}${'\n'.repeat(100_000)}`);
    await h.slack.waitForCall('files.download');
    const other = await h.slack.slashCommand({ text: '1001', userId: 'U02RAVI', channelId: CHANNEL });
    const { result } = await submitted;
    expect(other.status).toBe(200);
    expect(other.ackMs).toBeLessThan(1000);
    expect(result.ackMs).toBeLessThan(3000);
    expect(result.outcome).toBe('errors');
    expect(result.errors?.['bulk_file']).toContain('more than 10,000 rows');
  });
});

describe('a file host that misbehaves', () => {
  let elsewhere: Server;
  let elsewhereUrl = '';
  const elsewhereHits: string[] = [];
  beforeAll(async () => {
    elsewhere = createServer((req, res) => {
      elsewhereHits.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'text/csv' });
      res.end(`${HEADER}\n1001,500,Closed,Cash,,,EVIL-1,\n`);
    });
    await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
    elsewhereUrl = `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => elsewhere.close(() => resolve())));

  it('sending without end and without a Content-Length is cut off at 2 MB and refused', async () => {
    const total = 64 * 1024 * 1024;
    let sent = 0;
    let finished = false;
    let hangUp = () => {};
    const hungUp = new Promise<void>((resolve) => (hangUp = resolve));
    const submitted = submitWithDownload('endless.csv', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/csv' }); // no Content-Length: chunked
      const chunk = Buffer.alloc(64 * 1024, '1001,500,Closed,Cash\n');
      const pump = () => {
        while (sent < total && !res.destroyed) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        if (!res.destroyed) res.end(() => (finished = true));
      };
      res.on('close', hangUp);
      pump();
    });
    const result = await submitted;
    await hungUp;
    expect(result.outcome).toBe('errors');
    expect(result.errors?.['bulk_file']).toContain('larger than 2.0 MB');
    expect(result.errors?.['bulk_file']).toContain('Nothing was sent.');
    expect(finished).toBe(false);
    // What the host wrote before loanbot hung up: 2 MB and whatever the sockets' buffers held.
    expect(sent).toBeLessThan(16 * 1024 * 1024);
  });

  it('a redirect to another host is not followed', async () => {
    const result = await submitWithDownload('moved.csv', (_req, res) => {
      res.writeHead(302, { location: `${elsewhereUrl}/payroll.csv` });
      res.end();
    });
    expect(result.outcome).toBe('errors');
    expect(result.errors?.['bulk_file']).toContain('Slack would not hand loanbot this file');
    expect(elsewhereHits).toEqual([]);
  });

  it('a redirect within Slack’s file host is followed', async () => {
    const target = h.slack.uploadFile('real.csv', `${HEADER}\n1001,500,Closed,Cash,,,R-1,\n`, ASHA);
    const result = await submitWithDownload('moved-within.csv', (req, res) => {
      res.writeHead(302, { location: (req.url ?? '').replace(/-F[A-Z0-9]+\//, `-${target}/`) });
      res.end();
    });
    expect(result.outcome, JSON.stringify(result.errors)).toBe('updated');
    await h.slack.waitForView(ASHA, 'bulk_review', { timeoutMs: 10_000 });
  });
});

describe('a file still being read when the form must be acked', () => {
  // Acked at once, whatever the file: the outcome of reading it replaces the modal.
  const slow = useHarness({ bulkRead: { ackWithinMs: 0 } });

  it('is acked with “Reading…”; a refusal then replaces the modal, and nothing is sent', async () => {
    const { result } = await submitBulkFile(slow, 'noid.csv', 'amount_recovered,final_status\n500,Closed\n');
    expect(result.outcome).toBe('updated');
    expect(visibleText({ blocks: result.viewAfter?.blocks })).toContain('Reading *noid.csv*…');
    const refused = await slow.slack.waitForView(ASHA, (v) => v.callback_id === 'bulk_status' && visibleText({ blocks: v.blocks }).includes('no `loan_id` column'));
    expect(visibleText({ blocks: refused.blocks })).toContain('Nothing was sent.');
    expect(slow.credgenics.requests.filter((r) => r.method === 'PATCH')).toEqual([]);
  });

  it('is acked with “Reading…”; a good file then goes on to the review', async () => {
    const { result } = await submitBulkFile(slow, 'good.csv', `${HEADER}\n1001,500,Closed,Cash,,,SLOW-1,\n`);
    expect(result.outcome).toBe('updated');
    const review = await slow.slack.waitForView(ASHA, 'bulk_review', { timeoutMs: 10_000 });
    expect(visibleText({ blocks: review.blocks })).toContain('*1* payment to send');
  });
});
