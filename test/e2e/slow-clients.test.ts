/**
 * Slow-loris and connection floods: the HTTP server drops a client that takes too long to send its headers
 * or its body, closes idle keep-alive connections, and holds at most `maxConnections` at once.
 * (Limits shortened here; the defaults are in src/http/server-limits.ts.)
 */
import { connect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
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

  it('holds at most maxConnections at once, and serves again when they go', async () => {
    const idle = await Promise.all(Array.from({ length: 6 }, open));
    const extra = await open();
    const { data } = await closed(extra);
    expect(data).toBe('');
    for (const socket of idle) socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await fetch(`http://127.0.0.1:${h.app.port}/healthz`)).status).toBe(200);
  });
});
