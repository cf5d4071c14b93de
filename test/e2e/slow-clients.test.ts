/**
 * Slow-loris and connection floods: the HTTP server drops a client that takes too long to send its headers
 * or its body, closes idle keep-alive connections, and holds at most `maxConnections` at once: at the cap a
 * new connection makes room by closing the oldest that has sent no complete request (a trickler), and is
 * itself closed only when every open one is busy with a request.
 * (Limits shortened here; the defaults are in src/http/server-limits.ts.)
 */
import { createServer } from 'node:http';
import { connect, createConnection, type AddressInfo, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { HTTP_LIMITS, limitServer, serverOptions } from '../../src/http/index.ts';
import { useHarness } from './use-harness.ts';

const h = useHarness({ httpLimits: { headersTimeoutMs: 600, requestTimeoutMs: 1200, keepAliveTimeoutMs: 300, maxConnections: 6, checkIntervalMs: 100 } });

function open(): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(h.app.port, '127.0.0.1', () => resolve(socket));
    socket.on('error', reject);
  });
}

/** Resolves with what the server sent before closing the connection, and after how long. */
function closed(socket: Socket): Promise<{ data: string; ms: number }> {
  const started = Date.now();
  let data = '';
  socket.on('data', (chunk: Buffer) => (data += chunk.toString()));
  return new Promise((resolve) => socket.on('close', () => resolve({ data, ms: Date.now() - started })));
}

describe('slow and idle clients', { timeout: 10_000 }, () => {
  it('drops a client that drips its headers', async () => {
    const socket = await open();
    const done = closed(socket);
    socket.write('POST /slack/events HTTP/1.1\r\nHost: loanbot\r\n');
    const drip = setInterval(() => socket.write('X-Drip: 1\r\n'), 100);
    const { ms } = await done;
    clearInterval(drip);
    expect(ms).toBeLessThan(3000);
  });

  it('drops a client that drips its body', async () => {
    const socket = await open();
    const done = closed(socket);
    // Well-formed signature headers, so the request guard reads the body before it can check them.
    const signature = `X-Slack-Request-Timestamp: ${Math.floor(Date.now() / 1000)}\r\nX-Slack-Signature: v0=${'0'.repeat(64)}\r\n`;
    socket.write(`POST /slack/events HTTP/1.1\r\nHost: loanbot\r\n${signature}Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{`);
    const drip = setInterval(() => socket.write(' '), 100);
    const { data, ms } = await done;
    clearInterval(drip);
    expect(ms).toBeGreaterThanOrEqual(1000);
    expect(ms).toBeLessThan(4000);
    expect(data).toContain('408');
  });

  it('closes an idle keep-alive connection', async () => {
    const socket = await open();
    const done = closed(socket);
    socket.write('GET /healthz HTTP/1.1\r\nHost: loanbot\r\nConnection: keep-alive\r\n\r\n');
    const { data, ms } = await done;
    expect(data).toContain('200 OK');
    expect(ms).toBeLessThan(3000);
  });

  it('at the cap, closes the oldest connections that sent no complete request, and serves Slack’s signed requests', async () => {
    // Six connections (the cap here) that trickle their headers, as 500 did at the real cap.
    const tricklers = await Promise.all(Array.from({ length: 6 }, open));
    const ends = tricklers.map(closed);
    for (const socket of tricklers) socket.write('POST /slack/events HTTP/1.1\r\nHost: loanbot\r\n');
    const drip = setInterval(() => tricklers.forEach((socket) => socket.writable && socket.write('X-Drip: 1\r\n')), 50);
    try {
      for (let i = 0; i < 3; i++) {
        const ack = await h.slack.slashCommand({ text: '1001', userId: 'U01ASHA', channelId: 'C0COLLECT' });
        expect(ack.status).toBe(200);
        expect(ack.ackMs).toBeLessThan(1000);
      }
      // The oldest trickler made room for the first of them.
      expect(tricklers[0]!.destroyed || (await Promise.race([ends[0]!.then(() => true), new Promise((resolve) => setTimeout(() => resolve(false), 200))]))).toBe(true);
    } finally {
      clearInterval(drip);
      for (const socket of tricklers) socket.destroy();
    }
  });

  it('gives headers a few seconds by default (Slack sends them at once)', () => {
    expect(HTTP_LIMITS.headersTimeoutMs).toBeLessThanOrEqual(5_000);
  });
});

describe('the connection cap on its own', { timeout: 10_000 }, () => {
  /** A server whose answers wait until `release()`, limited to 2 connections. */
  async function heldServer() {
    const held: (() => void)[] = [];
    const server = createServer(serverOptions({ ...HTTP_LIMITS, maxConnections: 2 }), (_req, res) => held.push(() => res.end('done')));
    limitServer(server, { ...HTTP_LIMITS, maxConnections: 2 });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const connect = () => new Promise<Socket>((resolve, reject) => {
      const socket = createConnection(port, '127.0.0.1', () => resolve(socket));
      socket.on('error', reject);
    });
    return { server, held, connect, release: () => held.splice(0).forEach((answer) => answer()) };
  }

  it('keeps connections whose request is complete and closes the newcomer when every one is busy', async () => {
    const { server, held, connect, release } = await heldServer();
    try {
      const busy = await Promise.all([connect(), connect()]);
      for (const socket of busy) socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
      while (held.length < 2) await new Promise((resolve) => setImmediate(resolve));
      const late = await connect();
      const { data } = await closed(late);
      expect(data).toBe('');
      expect(busy.every((socket) => !socket.destroyed)).toBe(true);
      const answers = busy.map((socket) => new Promise<string>((resolve) => socket.once('data', (chunk: Buffer) => resolve(chunk.toString()))));
      release();
      for (const answer of await Promise.all(answers)) expect(answer).toContain('200 OK');
      busy.forEach((socket) => socket.destroy());
    } finally {
      release();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
