/**
 * Everything the stand-in knows: the workspace, channel history, views, triggers, response URLs,
 * and what it recorded (calls, violations). One instance per stand-in; `reset()` keeps the workspace.
 */
import { EventEmitter } from 'node:events';
import { FileStore } from './file-store.ts';
import { IdSource } from './ids.ts';
import { MessageStore } from './message-store.ts';
import { SocketModeHub } from './socket-mode.ts';
import { TriggerRegistry } from './triggers.ts';
import type { CallRecord, JsonObject, StandinEvents, StandinLog, ViewErrors, Violation } from './types.ts';
import { ViewStore } from './view-store.ts';
import type { Workspace } from './workspace.ts';

/** Slack: a response_url works up to 5 times within 30 minutes. */
export const RESPONSE_URL_MAX_POSTS = 5;
export const RESPONSE_URL_TTL_MS = 30 * 60 * 1000;

export interface ResponseUrlRecord {
  id: string;
  url: string;
  channelId: string;
  /** The user who invoked the command / interaction; ephemeral answers go to them. */
  userId: string;
  /** The message an interaction came from (target of replace_original / delete_original). */
  source?: { channel: string; ts: string };
  threadTs?: string;
  createdAt: number;
  posts: number;
}

export interface StateOptions {
  workspace: Workspace;
  botToken: string;
  /** The app-level token `apps.connections.open` accepts; default: any `xapp-` token. */
  appToken?: string | undefined;
  now: () => number;
  triggerTtlMs?: number | undefined;
  log?: StandinLog | undefined;
}

export class StandinState {
  readonly workspace: Workspace;
  readonly botToken: string;
  readonly now: () => number;
  readonly log: StandinLog;
  readonly events = new EventEmitter<StandinEvents>();
  readonly calls: CallRecord[] = [];
  readonly violations: Violation[] = [];
  readonly viewErrors: ViewErrors[] = [];
  readonly ids: IdSource;
  readonly messages: MessageStore;
  readonly views: ViewStore;
  readonly files = new FileStore();
  readonly triggers: TriggerRegistry;
  readonly responseUrls = new Map<string, ResponseUrlRecord>();
  readonly socketMode: SocketModeHub;
  /** How requests reach the app: signed HTTP to `appUrl`, or envelopes over Socket Mode. */
  delivery: 'http' | 'socket' = 'http';
  /** `http://127.0.0.1:PORT`, set once the server listens. */
  baseUrl = '';
  appUrl: string | undefined;

  constructor(opts: StateOptions) {
    this.workspace = opts.workspace;
    this.botToken = opts.botToken;
    this.now = opts.now;
    this.log = opts.log ?? (() => undefined);
    this.events.setMaxListeners(0);
    this.ids = new IdSource(this.now);
    this.messages = new MessageStore(this.ids, this.now, (e) => this.events.emit('message', e));
    this.views = new ViewStore(this.workspace, this.ids, (e) => {
      this.events.emit('view', e);
      if (e.view.type === 'home') this.events.emit('home', { userId: e.userId, view: e.view });
    });
    this.triggers = new TriggerRegistry(this.ids, this.now, opts.triggerTtlMs);
    this.socketMode = new SocketModeHub(this.workspace.appId, opts.botToken, opts.appToken, this.log);
  }

  recordCall(method: string, args: JsonObject, result: { ok: boolean; error?: string }): CallRecord {
    const rec: CallRecord = { method, args, at: this.now(), ok: result.ok };
    if (result.error !== undefined) rec.error = result.error;
    this.calls.push(rec);
    this.log(`slack-standin: ${method} → ${result.ok ? 'ok' : result.error ?? 'error'}`, { method });
    this.events.emit('call', rec);
    return rec;
  }

  recordViolation(method: string, problems: string[]): Violation {
    const v: Violation = { method, problems, at: this.now() };
    this.violations.push(v);
    this.log(`slack-standin: Block Kit violation in ${method}`, { problems });
    this.events.emit('violation', v);
    return v;
  }

  mintResponseUrl(init: { channelId: string; userId: string; source?: { channel: string; ts: string }; threadTs?: string }): ResponseUrlRecord {
    const id = this.ids.responseId();
    const rec: ResponseUrlRecord = { id, url: `${this.baseUrl}/response/${id}`, createdAt: this.now(), posts: 0, ...init };
    this.responseUrls.set(id, rec);
    return rec;
  }

  reset(): void {
    this.calls.length = 0;
    this.violations.length = 0;
    this.viewErrors.length = 0;
    this.messages.clear();
    this.views.clearAll();
    this.triggers.clear();
    this.responseUrls.clear();
    this.files.clear();
    this.ids.reset();
  }
}
