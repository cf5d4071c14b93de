/**
 * Channel history: messages in posting order, ephemerals included (marked `ephemeralTo`),
 * each with its version history.
 */
import { withSlackIds } from './blocks.ts';
import type { IdSource } from './ids.ts';
import type { MessageVia, StoredMessage } from './types.ts';

export interface NewMessage {
  channel: string;
  text?: string | undefined;
  blocks?: unknown;
  attachments?: unknown;
  metadata?: unknown;
  thread_ts?: string | undefined;
  ephemeralTo?: string | undefined;
  user?: string | undefined;
  bot_id?: string | undefined;
  via: MessageVia;
}

export interface MessageChange {
  text?: string | undefined;
  blocks?: unknown;
  attachments?: unknown;
}

export type MessageListener = (e: { message: StoredMessage; updated: boolean; deleted: boolean }) => void;

export interface ListOptions {
  /** Include ephemeral messages (all of them, or only those shown to `forUser`). */
  includeEphemeral?: boolean;
  forUser?: string;
}

export class MessageStore {
  private readonly byChannel = new Map<string, StoredMessage[]>();

  constructor(
    private readonly ids: IdSource,
    private readonly now: () => number,
    private readonly onChange: MessageListener,
  ) {}

  add(m: NewMessage): StoredMessage {
    const blocks = withSlackIds(m.blocks);
    const text = m.text ?? '';
    const msg: StoredMessage = {
      ts: this.ids.nextTs(),
      channel: m.channel,
      text,
      blocks,
      via: m.via,
      versions: [{ text, blocks, at: this.now(), via: m.via }],
    };
    if (m.thread_ts) msg.thread_ts = m.thread_ts;
    if (m.user) msg.user = m.user;
    if (m.bot_id) msg.bot_id = m.bot_id;
    if (m.ephemeralTo) msg.ephemeralTo = m.ephemeralTo;
    if (Array.isArray(m.attachments)) msg.attachments = m.attachments;
    if (m.metadata !== undefined) msg.metadata = m.metadata;
    let list = this.byChannel.get(m.channel);
    if (!list) {
      list = [];
      this.byChannel.set(m.channel, list);
    }
    list.push(msg);
    this.onChange({ message: msg, updated: false, deleted: false });
    return msg;
  }

  /** Replaces text/blocks of a stored message (chat.update, replace_original). Keeps the version history. */
  update(msg: StoredMessage, change: MessageChange, via: MessageVia): StoredMessage {
    if (change.text !== undefined) msg.text = change.text;
    if (change.blocks !== undefined) msg.blocks = withSlackIds(change.blocks);
    if (Array.isArray(change.attachments)) msg.attachments = change.attachments;
    msg.versions.push({ text: msg.text, blocks: msg.blocks, at: this.now(), via });
    this.onChange({ message: msg, updated: true, deleted: false });
    return msg;
  }

  remove(msg: StoredMessage): boolean {
    const list = this.byChannel.get(msg.channel);
    const i = list ? list.indexOf(msg) : -1;
    if (!list || i < 0) return false;
    list.splice(i, 1);
    this.onChange({ message: msg, updated: false, deleted: true });
    return true;
  }

  find(channel: string, ts: string): StoredMessage | undefined {
    return this.byChannel.get(channel)?.find((m) => m.ts === ts);
  }

  list(channel: string, opts: ListOptions = {}): StoredMessage[] {
    const all = this.byChannel.get(channel) ?? [];
    return all.filter((m) => {
      if (m.ephemeralTo === undefined) return true;
      if (opts.forUser !== undefined) return m.ephemeralTo === opts.forUser;
      return opts.includeEphemeral === true;
    });
  }

  /** The parent message followed by its replies. Empty when the parent is unknown and there are no replies. */
  thread(channel: string, ts: string): StoredMessage[] {
    const all = this.byChannel.get(channel) ?? [];
    const parent = all.find((m) => m.ts === ts);
    const replies = all.filter((m) => m.thread_ts === ts && m.ts !== ts);
    return parent ? [parent, ...replies] : replies;
  }

  ephemerals(userId: string): StoredMessage[] {
    const out: StoredMessage[] = [];
    for (const list of this.byChannel.values()) out.push(...list.filter((m) => m.ephemeralTo === userId));
    return out.sort((a, b) => compareTs(a.ts, b.ts));
  }

  all(): StoredMessage[] {
    return [...this.byChannel.values()].flat().sort((a, b) => compareTs(a.ts, b.ts));
  }

  clear(): void {
    this.byChannel.clear();
  }
}

export function compareTs(a: string, b: string): number {
  const [as = '0', af = '0'] = a.split('.');
  const [bs = '0', bf = '0'] = b.split('.');
  return Number(as) - Number(bs) || Number(af) - Number(bf);
}

/** A stored message in the shape Slack returns it (API results, `message` in interaction payloads). */
export function toSlackMessage(
  msg: StoredMessage,
  bot: { botUserId: string; botId: string; appId: string; teamId: string },
): Record<string, unknown> {
  const out: Record<string, unknown> = { type: 'message', text: msg.text, blocks: msg.blocks, ts: msg.ts, team: bot.teamId };
  if (msg.user !== undefined) out['user'] = msg.user;
  else {
    out['user'] = bot.botUserId;
    out['bot_id'] = bot.botId;
    out['app_id'] = bot.appId;
  }
  if (msg.thread_ts !== undefined) out['thread_ts'] = msg.thread_ts;
  if (msg.attachments !== undefined) out['attachments'] = msg.attachments;
  if (msg.metadata !== undefined) out['metadata'] = msg.metadata;
  if (msg.versions.length > 1) out['edited'] = { user: bot.botUserId, ts: msg.ts };
  return out;
}
