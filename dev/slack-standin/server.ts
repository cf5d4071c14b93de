/**
 * The loopback HTTP server: `POST /api/<method>` (Web API), `POST /response/<id>` (response URLs) and
 * the Socket Mode WebSocket (`/link/`, see socket-mode.ts).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HttpAnswer } from './response-url.ts';
import { handleResponseUrl } from './response-url.ts';
import type { StandinState } from './state.ts';
import { decodeApiArgs, handleWebApi } from './web-api.ts';
import { customDownload, downloadFile, receiveUpload } from './files.ts';

const MAX_BODY_BYTES = 5 * 1024 * 1024;

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage): Promise<string> {
  return readBytes(req).then((b) => b.toString('utf8'));
}

function readBytes(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BodyTooLarge('body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

const jsonAnswer = (body: object, status = 200): HttpAnswer => ({
  status,
  body: JSON.stringify(body),
  contentType: 'application/json; charset=utf-8',
});

function bearer(req: IncomingMessage): string | undefined {
  const h = req.headers.authorization;
  const m = typeof h === 'string' ? /^Bearer\s+(.+)$/i.exec(h.trim()) : null;
  return m?.[1];
}

type Answer = Omit<HttpAnswer, 'body'> & { body: string | Buffer };

async function route(s: StandinState, req: IncomingMessage): Promise<Answer> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const api = /^\/api\/([A-Za-z0-9_.]+)$/.exec(url.pathname);
  const response = /^\/response\/([A-Za-z0-9]+)$/.exec(url.pathname);
  if (req.method === 'GET' && url.pathname === '/health') return jsonAnswer({ ok: true });
  if (req.method === 'GET' && url.pathname.startsWith('/files-pri/')) return downloadFile(s, url.pathname, bearer(req));
  const upload = /^\/upload\/([a-f0-9]+)$/.exec(url.pathname);
  if (req.method === 'POST' && upload?.[1]) {
    const answer = receiveUpload(s, upload[1], await readBytes(req));
    return { ...answer, contentType: 'text/plain' };
  }
  if (req.method !== 'POST' || (!api && !response)) return { status: 404, body: 'not found', contentType: 'text/plain' };
  const raw = await readBody(req);
  if (response?.[1]) return handleResponseUrl(s, response[1], raw);
  const method = api?.[1] ?? '';
  const contentType = String(req.headers['content-type'] ?? 'application/x-www-form-urlencoded').toLowerCase();
  const decoded = decodeApiArgs(contentType, raw);
  if (!decoded.ok) {
    s.recordCall(method, { raw }, { ok: false, error: decoded.error });
    return jsonAnswer({ ok: false, error: decoded.error });
  }
  const bodyToken = decoded.args['token'];
  const token = bearer(req) ?? (typeof bodyToken === 'string' ? bodyToken : undefined);
  if (method === 'apps.connections.open') {
    const opened = s.socketMode.open(token);
    s.recordCall(method, {}, opened);
    return jsonAnswer(opened);
  }
  return jsonAnswer(handleWebApi(s, method, decoded.args, token));
}

export interface RunningServer {
  server: Server;
  /** `http://127.0.0.1:PORT` */
  baseUrl: string;
  close(): Promise<void>;
}

export async function startServer(s: StandinState, port = 0): Promise<RunningServer> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const custom = req.method === 'GET' && req.url?.startsWith('/files-pri/') ? customDownload(s, new URL(req.url, 'http://127.0.0.1').pathname, bearer(req)) : undefined;
    if (custom) {
      custom(req, res);
      return;
    }
    route(s, req).then(
      (a) => {
        res.writeHead(a.status, { 'content-type': a.contentType, 'content-length': Buffer.byteLength(a.body) });
        res.end(a.body);
      },
      (err: unknown) => {
        const tooLarge = err instanceof BodyTooLarge;
        s.log('slack-standin: request failed', { url: req.url, err: String(err) });
        if (!res.headersSent) res.writeHead(tooLarge ? 413 : 500, { 'content-type': 'text/plain' });
        res.end(tooLarge ? 'payload_too_large' : 'internal_error');
      },
    );
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port: actual } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${actual}`;
  s.socketMode.attach(server, baseUrl);
  return {
    server,
    baseUrl,
    close: () =>
      new Promise<void>((resolve, reject) => {
        s.socketMode.close();
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
