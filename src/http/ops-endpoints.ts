/**
 * The operator's endpoints on `PORT`: `GET /healthz` (200 with a small JSON body when this instance can
 * take Slack traffic, else 503) and `GET /metrics` (Prometheus text). In HTTP mode they are custom routes
 * of Bolt's HTTPReceiver; in Socket Mode Bolt has no server of its own worth using (it does not say which
 * port it bound), so `startOpsServer` serves them.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../log.ts';
import type { Metrics } from '../metrics.ts';

export interface OpsRoute {
  path: string;
  method: string[];
  handler: (req: IncomingMessage, res: ServerResponse) => void;
}

export interface Readiness {
  ok: boolean;
  /** Shown in the /healthz body next to `ok`. */
  detail: Record<string, unknown>;
}

export function opsRoutes(readiness: () => Promise<Readiness>, metrics: Metrics, logger: Logger): OpsRoute[] {
  return [
    {
      path: '/healthz',
      method: ['GET'],
      handler: (_req, res) => {
        void readiness().then(({ ok, detail }) => {
          res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' });
          res.end(JSON.stringify({ ok, ...detail }));
        });
      },
    },
    {
      path: '/metrics',
      method: ['GET'],
      handler: (_req, res) => {
        metrics.scrape().then(
          ({ contentType, body }) => {
            res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' });
            res.end(body);
          },
          (error: unknown) => {
            logger.error({ err: error }, 'metrics: scrape failed');
            res.writeHead(500, { 'content-type': 'text/plain' });
            res.end('metrics unavailable\n');
          },
        );
      },
    },
  ];
}

export interface OpsServer {
  /** The port actually bound (the ephemeral one when asked for 0). */
  port: number;
  close(): Promise<void>;
}

export async function startOpsServer(routes: OpsRoute[], port: number): Promise<OpsServer> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const route = routes.find((r) => r.path === path);
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    if (!route.method.includes(req.method ?? '')) {
      res.writeHead(405, { allow: route.method.join(', '), 'content-type': 'text/plain' }).end('method not allowed\n');
      return;
    }
    route.handler(req, res);
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
