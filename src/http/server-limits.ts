/**
 * Limits on the HTTP server itself, against slow clients (slow-loris) and connection floods: a request's
 * headers must arrive within `headersTimeout` and the whole request within `requestTimeout`; an idle
 * keep-alive connection is closed after `keepAliveTimeout`; headers are at most `maxHeaderSize` bytes
 * (Slack's are under 2 KB, and Slack sends them at once).
 *
 * At most `maxConnections` are open at once. A new connection past the cap makes room by closing the
 * oldest one that has sent no complete request (a client trickling its headers or body, or an idle
 * keep-alive): refusing newcomers instead let 500 trickling connections starve Slack's deliveries. The
 * newcomer is closed only when every open connection is busy with a complete request.
 */
import type { IncomingMessage, Server, ServerOptions } from 'node:http';
import type { Socket } from 'node:net';

export interface HttpLimits {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
  maxConnections: number;
  maxHeaderSize: number;
  /** How often Node checks the two timeouts above. */
  checkIntervalMs: number;
}

export const HTTP_LIMITS: HttpLimits = {
  headersTimeoutMs: 5_000,
  requestTimeoutMs: 15_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 500,
  maxHeaderSize: 8 * 1024,
  checkIntervalMs: 1_000,
};

/** Options for `http.createServer` (what Bolt's `HTTPReceiver.start` passes on). */
export function serverOptions(limits: HttpLimits): ServerOptions {
  return {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    connectionsCheckingInterval: limits.checkIntervalMs,
    maxHeaderSize: limits.maxHeaderSize,
  };
}

/** What can only be set once the server exists, and the connection cap (see the file's comment). */
export function limitServer(server: Server, limits: HttpLimits): void {
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  capConnections(server, limits.maxConnections);
}

function capConnections(server: Server, max: number): void {
  // Open connections, oldest first, each with the request it is serving (none between requests).
  const open = new Map<Socket, IncomingMessage | undefined>();
  server.on('connection', (socket: Socket) => {
    open.set(socket, undefined);
    socket.once('close', () => open.delete(socket));
    if (open.size <= max) return;
    for (const [other, request] of open) {
      if (other === socket || (request && request.complete)) continue;
      other.destroy();
      open.delete(other);
      return;
    }
    socket.destroy();
    open.delete(socket);
  });
  server.on('request', (req: IncomingMessage, res: { once(event: 'finish', listener: () => void): unknown }) => {
    const socket = req.socket;
    if (!open.has(socket)) return;
    open.set(socket, req);
    res.once('finish', () => {
      if (open.get(socket) === req) open.set(socket, undefined);
    });
  });
}
