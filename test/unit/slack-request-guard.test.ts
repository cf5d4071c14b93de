/**
 * The request guard on its own, in front of a listener that only counts what reaches it: its own
 * timestamp check (both directions; Bolt checks only the past), signature before memory, bounded headers,
 * shapes that would crash Bolt, and replays with or without Slack's (unsigned) retry header.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BoundedReplayMemory, guardSlackRequests, type ReplayMemory } from '../../src/http/index.ts';
import { computeSlackSignature } from '../../dev/slack-standin/signer.ts';
import { Writable } from 'node:stream';
import { createLogger } from '../../src/log.ts';
import { sampledRefusalLog } from '../../src/http/refusal-log.ts';

const SECRET = 'guard-test-secret';
let server: Server;
let url: string;
let reached: IncomingMessage[] = [];
let remembered: string[] = [];
const memory = new BoundedReplayMemory({ maxEntries: 1000 });
const spyMemory: ReplayMemory = {
  async remember(key, expiresAtMs) {
    remembered.push(key);
    return memory.remember(key, expiresAtMs);
  },
};

beforeAll(async () => {
  const listener = guardSlackRequests(
    (req, res) => {
      reached.push(req);
      res.writeHead(200);
      res.end('inner');
    },
    { signingSecret: SECRET, memory: spyMemory, bodyLimit: 10_000, onRefused: () => undefined, onStoreError: () => undefined },
  );
  server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  reached = [];
  remembered = [];
});

let n = 0;
const body = () => `command=%2Floan&text=help&user_id=U01ASHA&trigger_id=${++n}`;
const nowSeconds = () => Math.floor(Date.now() / 1000);

async function post(raw: string, headers: Record<string, string>, contentType = 'application/x-www-form-urlencoded') {
  const res = await fetch(url, { method: 'POST', body: raw, headers: { 'content-type': contentType, ...headers } });
  return { status: res.status, text: await res.text() };
}

function signed(raw: string, ts = nowSeconds()) {
  return { 'x-slack-request-timestamp': String(ts), 'x-slack-signature': computeSlackSignature(SECRET, raw, ts) };
}

describe('the request guard’s own timestamp check', () => {
  it('refuses a correctly signed request from more than five minutes ago', async () => {
    const raw = body();
    expect((await post(raw, signed(raw, nowSeconds() - 301))).status).toBe(401);
    expect(reached).toHaveLength(0);
  });

  it('refuses a correctly signed request from more than five minutes in the future', async () => {
    const raw = body();
    expect((await post(raw, signed(raw, nowSeconds() + 301))).status).toBe(401);
    expect(reached).toHaveLength(0);
  });

  it('lets a correctly signed request within the five minutes through', async () => {
    const raw = body();
    expect((await post(raw, signed(raw, nowSeconds() - 240))).status).toBe(200);
    expect(reached).toHaveLength(1);
  });
});

describe('the request guard verifies before it remembers', () => {
  it('never remembers a request whose signature is wrong, missing or oversized', async () => {
    const raw = body();
    const ts = String(nowSeconds());
    expect((await post(raw, { 'x-slack-request-timestamp': ts, 'x-slack-signature': `v0=${'0'.repeat(64)}` })).status).toBe(401);
    expect((await post(raw, { 'x-slack-request-timestamp': ts })).status).toBe(401);
    expect((await post(raw, { 'x-slack-request-timestamp': ts, 'x-slack-signature': `v0=${'a'.repeat(16_000)}` })).status).toBe(401);
    expect((await post(raw, { 'x-slack-request-timestamp': '9'.repeat(4000), 'x-slack-signature': signed(raw)['x-slack-signature'] })).status).toBe(401);
    expect(remembered).toEqual([]);
    expect(reached).toHaveLength(0);
  });

  it('remembers a bounded number of requests, however many arrive', async () => {
    const small = new BoundedReplayMemory({ maxEntries: 50 });
    const later = Date.now() + 60_000;
    for (let i = 0; i < 500; i++) expect(await small.remember(`key-${i}`, later)).toBe(true);
    expect(small.size).toBeLessThanOrEqual(50);
    expect(await small.remember('key-499', later)).toBe(false);
  });

  it('forgets a request once its five minutes are over', async () => {
    let now = 1_000_000;
    const timed = new BoundedReplayMemory({ maxEntries: 10, now: () => now });
    expect(await timed.remember('a', now + 1000)).toBe(true);
    expect(await timed.remember('a', now + 1000)).toBe(false);
    now += 1001;
    expect(await timed.remember('a', now + 1000)).toBe(true);
  });
});

describe('the request guard and replays', () => {
  it('refuses a replay, and a replay carrying X-Slack-Retry-Num reaches nothing', async () => {
    const raw = body();
    const headers = signed(raw);
    expect((await post(raw, headers)).status).toBe(200);
    expect((await post(raw, headers)).status).toBe(401);
    const retried = await post(raw, { ...headers, 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' });
    expect(retried.status).toBe(200);
    expect(retried.text).toBe('');
    expect(reached).toHaveLength(1);
  });

  it('acks a genuine Slack retry (same body, signed again) without passing it on', async () => {
    const raw = body();
    expect((await post(raw, signed(raw, nowSeconds() - 2))).status).toBe(200);
    const retried = await post(raw, { ...signed(raw), 'x-slack-retry-num': '1' });
    expect(retried.status).toBe(200);
    expect(reached).toHaveLength(1);
  });
});

describe('the request guard refuses bodies Bolt cannot read', () => {
  it.each([
    ['payload=null', 'application/x-www-form-urlencoded'],
    [`payload=${encodeURIComponent('{"type":"view_submission","view":{}}')}`, 'application/x-www-form-urlencoded'],
    [`payload=${encodeURIComponent('{"type":"block_actions","user":{"id":""}}')}`, 'application/x-www-form-urlencoded'],
    ['command=%2Floan&text=1001', 'application/x-www-form-urlencoded'],
    ['payload=%5B%5D', 'application/x-www-form-urlencoded'],
    ['payload=%7Bnot%20json', 'application/x-www-form-urlencoded'],
    ['null', 'application/json'],
    ['42', 'application/json'],
    ['{"type":', 'application/json'],
  ])('refuses a signed %s (%s) with 400', async (raw, contentType) => {
    expect((await post(raw, signed(raw), contentType)).status).toBe(400);
    expect(reached).toHaveLength(0);
  });
});

describe('logging refusals', () => {
  it('logs the first refusal of each kind per minute, and how many were left out', () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'info', destination: new Writable({ write: (chunk, _e, done) => { lines.push(String(chunk)); done(); } }) });
    let now = 0;
    const log = sampledRefusalLog(logger, 60_000, () => now);
    const req = { url: '/slack/events' } as IncomingMessage;
    for (let i = 0; i < 10_000; i++) log(req, 'bad signature');
    log(req, 'replayed request');
    now = 60_001;
    log(req, 'bad signature');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toContain('"suppressedSinceLast":9999');
  });
});
