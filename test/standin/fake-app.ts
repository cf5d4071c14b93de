/**
 * A tiny stand-in for the Bolt app: verifies Slack's signature like an app must, records what it got,
 * and answers with whatever the current test asks for.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifySlackRequest } from '../../dev/slack-standin/signer.ts';

export interface Received {
  headers: IncomingHttpHeaders;
  rawBody: string;
  contentType: string;
  /** Form fields, the decoded `payload`, or the JSON body. */
  body: Record<string, unknown>;
}

export interface Answer {
  status?: number;
  body?: string | object;
  delayMs?: number;
}

export interface FakeApp {
  url: string;
  received: Received[];
  last(): Received;
  /** How to answer the next requests (default: 200, empty body). */
  answer: (r: Received) => Answer | Promise<Answer>;
  close(): Promise<void>;
}

export async function startFakeApp(signingSecret: string): Promise<FakeApp> {
  const app: FakeApp = {
    url: '',
    received: [],
    last() {
      const r = app.received.at(-1);
      if (!r) throw new Error('fake app received nothing');
      return r;
    },
    answer: () => ({}),
    close: () => new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }),
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const rawBody = Buffer.concat(chunks).toString('utf8');
        const check = verifySlackRequest(signingSecret, rawBody, header(req.headers, 'x-slack-request-timestamp'), header(req.headers, 'x-slack-signature'));
        if (!check.ok) {
          res.writeHead(401).end(check.reason);
          return;
        }
        const contentType = header(req.headers, 'content-type') ?? '';
        let body: Record<string, unknown>;
        if (contentType === 'application/x-www-form-urlencoded') {
          const form = Object.fromEntries(new URLSearchParams(rawBody));
          body = typeof form['payload'] === 'string' ? (JSON.parse(form['payload']) as Record<string, unknown>) : form;
        } else {
          body = JSON.parse(rawBody) as Record<string, unknown>;
        }
        const received: Received = { headers: req.headers, rawBody, contentType, body };
        app.received.push(received);
        const a = await app.answer(received);
        if (a.delayMs) await new Promise((r) => setTimeout(r, a.delayMs));
        const isJson = typeof a.body === 'object';
        res.writeHead(a.status ?? 200, isJson ? { 'content-type': 'application/json' } : {});
        res.end(a.body === undefined ? '' : isJson ? JSON.stringify(a.body) : a.body);
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  app.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
  return app;
}

function header(h: IncomingHttpHeaders, name: string): string | undefined {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
}
