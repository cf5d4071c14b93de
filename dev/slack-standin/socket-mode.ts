/**
 * Slack's Socket Mode, on the stand-in's own port: `apps.connections.open` (app-level token) hands out a
 * one-time `ws://…/link/?ticket=…` URL; the app connects, gets `hello`, and from then on receives
 * envelopes (`slash_commands`, `interactive`, `events_api`) and acks each by its `envelope_id`, with the
 * same payload an HTTP ack would carry in its body (`response_action`, a command's reply…). `disconnect`
 * asks the app to reconnect, as Slack does when it recycles a connection.
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter, once } from 'node:events';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { performance } from 'node:perf_hooks';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { z } from 'zod';
import type { StandinLog } from './types.ts';
import type { DriverResult, JsonObject, SentRequest } from './types.ts';

/** Slack gives up on an ack after 3 seconds. */
const ACK_DEADLINE_MS = 3000;
const TICKET_TTL_MS = 30_000;

export type DisconnectReason = 'refresh_requested' | 'warning' | 'link_disabled';

const ackSchema = z.object({ envelope_id: z.string().min(1), payload: z.record(z.string(), z.unknown()).optional() });

interface Connection {
  id: number;
  ws: WebSocket;
  /** Said hello and not asked to go: envelopes may be sent on it. */
  ready: boolean;
}

interface PendingAck {
  resolve: (payload: JsonObject | undefined) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

type ApiAnswer = { ok: boolean; error?: string } & JsonObject;

export interface DeliverOptions {
  retryNum?: number | undefined;
  retryReason?: string | undefined;
  timeoutMs: number;
}

export class SocketModeHub {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly tickets = new Map<string, number>();
  private readonly connections = new Set<Connection>();
  private readonly pending = new Map<string, PendingAck>();
  private readonly changes = new EventEmitter();
  private nextId = 1;
  private baseUrl = '';
  /** How many connections were ever opened (a reconnect opens a new one). */
  opened = 0;

  constructor(
    private readonly appId: string,
    private readonly botToken: string,
    private readonly appToken: string | undefined,
    private readonly log: StandinLog,
  ) {
    this.changes.setMaxListeners(0);
  }

  /** Serve `/link/` upgrades on the stand-in's HTTP server. */
  attach(server: Server, baseUrl: string): void {
    this.baseUrl = baseUrl;
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => this.upgrade(req, socket, head));
  }

  /** `apps.connections.open`: an app-level token gets a one-time WebSocket URL. */
  open(token: string | undefined): ApiAnswer {
    if (!token) return { ok: false, error: 'not_authed' };
    if (token === this.botToken || !token.startsWith('xapp-')) return { ok: false, error: 'not_allowed_token_type' };
    if (this.appToken !== undefined && token !== this.appToken) return { ok: false, error: 'invalid_auth' };
    const ticket = randomUUID();
    this.tickets.set(ticket, Date.now() + TICKET_TTL_MS);
    const url = `${this.baseUrl.replace(/^http/, 'ws')}/link/?ticket=${ticket}&app_id=${this.appId}`;
    return { ok: true, url };
  }

  /** Connections that said hello and were not asked to disconnect. */
  get readyCount(): number {
    return [...this.connections].filter((c) => c.ready).length;
  }

  async waitForReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.readyCount === 0) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`slack-standin: no Socket Mode connection within ${timeoutMs} ms`);
      await once(this.changes, 'change', { signal: AbortSignal.timeout(left) }).catch(() => undefined);
    }
  }

  /** Sends `req` as an envelope on a ready connection (round robin) and waits for its ack. */
  async deliver(req: SentRequest, opts: DeliverOptions): Promise<DriverResult> {
    await this.waitForReady(opts.timeoutMs);
    const connection = this.pick();
    const envelopeId = randomUUID();
    const envelope = this.envelope(req, envelopeId, opts);
    const started = performance.now();
    const acked = new Promise<JsonObject | undefined>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(envelopeId);
        reject(new Error(`slack-standin: ${req.kind} envelope ${envelopeId} was not acked within ${opts.timeoutMs} ms`));
      }, opts.timeoutMs);
      this.pending.set(envelopeId, { resolve, reject, timer });
    });
    connection.ws.send(JSON.stringify(envelope));
    const payload = await acked;
    const ackMs = performance.now() - started;
    const hasPayload = payload !== undefined && Object.keys(payload).length > 0;
    const result: DriverResult = {
      sent: true, status: 200, body: hasPayload ? JSON.stringify(payload) : '', ackMs, lateAck: ackMs > ACK_DEADLINE_MS, request: req, envelopeId,
    };
    if (hasPayload) result.json = payload;
    this.log(`slack-standin: ${req.kind} envelope acked in ${ackMs.toFixed(1)} ms`);
    return result;
  }

  /** Slack's `disconnect` message on every ready connection; resolves once the app closed them. */
  async disconnect(reason: DisconnectReason = 'refresh_requested'): Promise<void> {
    const asked = [...this.connections].filter((c) => c.ready);
    const closed = asked.map((c) => (c.ws.readyState === WebSocket.CLOSED ? Promise.resolve() : once(c.ws, 'close').then(() => undefined)));
    for (const c of asked) {
      c.ready = false;
      c.ws.send(JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'slack-standin' } }));
    }
    this.changes.emit('change');
    await Promise.all(closed);
  }

  /**
   * Sends `data` as one frame on every ready connection, as a hostile or broken peer would (nothing an
   * envelope would carry): resolves with each connection's close code, or `open` if it is still open
   * after `waitMs`.
   */
  async sendRawFrame(data: Buffer | string, waitMs: number): Promise<(number | 'open')[]> {
    const ready = [...this.connections].filter((c) => c.ready);
    return Promise.all(ready.map((c) => new Promise<number | 'open'>((resolve) => {
      const timer = setTimeout(() => resolve('open'), waitMs);
      c.ws.once('close', (code: number) => {
        clearTimeout(timer);
        resolve(code);
      });
      c.ws.send(data);
    })));
  }

  close(): void {
    for (const c of this.connections) c.ws.terminate();
    for (const [, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(new Error('slack-standin: closed'));
    }
    this.pending.clear();
    this.wss.close();
  }

  private pick(): Connection {
    const ready = [...this.connections].filter((c) => c.ready);
    const chosen = ready[this.nextId++ % ready.length];
    if (!chosen) throw new Error('slack-standin: no Socket Mode connection');
    return chosen;
  }

  private envelope(req: SentRequest, envelopeId: string, opts: DeliverOptions): JsonObject {
    switch (req.kind) {
      case 'slash_command':
        return { envelope_id: envelopeId, type: 'slash_commands', payload: req.payload, accepts_response_payload: true };
      case 'block_actions':
      case 'view_submission':
      case 'view_closed':
        return { envelope_id: envelopeId, type: 'interactive', payload: req.payload, accepts_response_payload: req.kind === 'view_submission' };
      case 'event_callback':
        return {
          envelope_id: envelopeId, type: 'events_api', payload: req.payload, accepts_response_payload: false,
          retry_attempt: opts.retryNum ?? 0, retry_reason: opts.retryNum === undefined ? '' : (opts.retryReason ?? 'timeout'),
        };
      default:
        throw new Error(`slack-standin: a ${req.kind} request cannot go over Socket Mode`);
    }
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const ticket = url.searchParams.get('ticket') ?? '';
    const expires = this.tickets.get(ticket);
    this.tickets.delete(ticket);
    if (url.pathname !== '/link/' || expires === undefined || expires < Date.now()) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws));
  }

  private accept(ws: WebSocket): void {
    const connection: Connection = { id: ++this.opened, ws, ready: true };
    this.connections.add(connection);
    ws.on('message', (data: RawData, isBinary: boolean) => this.onMessage(data, isBinary));
    ws.on('close', () => {
      this.connections.delete(connection);
      this.changes.emit('change');
    });
    ws.on('error', (err) => this.log('slack-standin: Socket Mode connection error', { err: String(err) }));
    ws.send(JSON.stringify({
      type: 'hello', num_connections: this.readyCount,
      debug_info: { host: 'slack-standin', build_number: 1, approximate_connection_time: 18060 },
      connection_info: { app_id: this.appId },
    }));
    this.log(`slack-standin: Socket Mode connection ${connection.id} open`);
    this.changes.emit('change');
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    if (isBinary) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(String(data));
    } catch {
      this.log('slack-standin: Socket Mode message is not JSON');
      return;
    }
    const ack = ackSchema.safeParse(parsed);
    if (!ack.success) {
      this.log('slack-standin: Socket Mode message is not an ack', { issues: ack.error.issues.length });
      return;
    }
    const pending = this.pending.get(ack.data.envelope_id);
    if (!pending) {
      this.log('slack-standin: ack for an unknown or already acked envelope', { envelopeId: ack.data.envelope_id });
      return;
    }
    this.pending.delete(ack.data.envelope_id);
    clearTimeout(pending.timer);
    pending.resolve(ack.data.payload);
  }
}
