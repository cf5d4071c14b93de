/**
 * The edge of the five minutes, on an injected clock: a request is taken while it is less than 300 s old
 * (or ahead), refused at 300 s and after, and remembered for at least as long as it could be taken, so
 * no copy of it is ever taken twice.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BoundedReplayMemory, guardSlackRequests, type ReplayMemory } from '../../src/http/index.ts';
import { computeSlackSignature } from '../../dev/slack-standin/signer.ts';

const SECRET = 'window-test-secret';
const T = 1_800_000_000; // the requests' timestamp, in seconds
let nowMs = T * 1000;
let server: Server;
let url: string;
let reached = 0;
const expiries: number[] = [];
const inner = new BoundedReplayMemory({ now: () => nowMs });
const memory: ReplayMemory = {
  remember(key, expiresAtMs) {
    expiries.push(expiresAtMs);
    return inner.remember(key, expiresAtMs);
  },
};

beforeAll(async () => {
  const listener = guardSlackRequests(
    (_req, res) => {
      reached += 1;
      res.writeHead(200);
      res.end();
    },
    { signingSecret: SECRET, memory, bodyLimit: 10_000, nowMs: () => nowMs, onRefused: () => undefined, onStoreError: () => undefined },
  );
  server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  reached = 0;
  expiries.length = 0;
});

let n = 0;
async function send(raw: string, ts = T): Promise<number> {
  const headers = { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(ts), 'x-slack-signature': computeSlackSignature(SECRET, raw, ts) };
  return (await fetch(url, { method: 'POST', body: raw, headers })).status;
}
const body = () => `command=%2Floan&text=help&user_id=U01ASHA&trigger_id=${++n}`;

describe('the five-minute window’s edge', () => {
  it('takes a request 299.999 s old and refuses it at 300 s: the same copy is never taken twice', async () => {
    const raw = body();
    nowMs = (T + 300) * 1000 - 1;
    expect(await send(raw)).toBe(200);
    for (const late of [(T + 300) * 1000, (T + 300) * 1000 + 500, (T + 301) * 1000]) {
      nowMs = late;
      expect(await send(raw)).toBe(401);
    }
    expect(reached).toBe(1);
  });

  it('refuses a first copy exactly 300 s old, and one 300 s ahead', async () => {
    nowMs = (T + 300) * 1000 + 999;
    expect(await send(body())).toBe(401);
    nowMs = (T - 300) * 1000;
    expect(await send(body())).toBe(401);
    expect(reached).toBe(0);
  });

  it('remembers a request at least until it can no longer be taken, whichever side of now its timestamp is', async () => {
    for (const [ts, at] of [[T, T * 1000], [T, (T + 299) * 1000], [T + 299, T * 1000]] as const) {
      nowMs = at;
      expiries.length = 0;
      expect(await send(body(), ts)).toBe(200);
      expect(expiries[0]).toBeGreaterThanOrEqual((ts + 300) * 1000);
    }
  });
});
