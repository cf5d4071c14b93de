/**
 * Limits on the HTTP server itself, against slow clients (slow-loris) and connection floods: a request's
 * headers must arrive within `headersTimeout` and the whole request within `requestTimeout`; an idle
 * keep-alive connection is closed after `keepAliveTimeout`; at most `maxConnections` are open at once
 * (more are closed as they arrive); headers are at most `maxHeaderSize` bytes (Slack's are under 2 KB).
 */
import type { Server, ServerOptions } from 'node:http';

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
  headersTimeoutMs: 10_000,
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

/** What can only be set once the server exists. */
export function limitServer(server: Server, limits: HttpLimits): void {
  server.maxConnections = limits.maxConnections;
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
}
