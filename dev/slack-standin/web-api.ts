/**
 * Slack's Web API as the app sees it: auth, argument decoding, and the chat/users/conversations methods.
 * views.* live in web-api-views.ts. Every call is recorded in `state.calls`.
 */
import { z } from 'zod';
import { toSlackMessage } from './message-store.ts';
import type { StandinState } from './state.ts';
import type { JsonObject } from './types.ts';
import { fail, nonEmpty, parseArgs, rejectBadMessage, tsArg, type ApiHandler, type ApiResponse } from './web-api-common.ts';
import { VIEW_METHODS } from './web-api-views.ts';
import { FILE_METHODS } from './files.ts';
import { dmChannel, findChannel, findUser, findUserGroup, userInfo, type WorkspaceChannel } from './workspace.ts';

export { decodeApiArgs, type ApiResponse } from './web-api-common.ts';

function postableChannel(s: StandinState, ref: string): { ok: true; channel: WorkspaceChannel } | { ok: false; res: ApiResponse } {
  const user = /^[UW][A-Z0-9]+$/.test(ref) ? findUser(s.workspace, ref) : undefined;
  const channel = user ? dmChannel(s.workspace, user.id) : findChannel(s.workspace, ref);
  if (!channel) return { ok: false, res: fail('channel_not_found') };
  if (!channel.botIsMember) return { ok: false, res: fail('not_in_channel') };
  return { ok: true, channel };
}

const bot = (s: StandinState) => ({ botUserId: s.workspace.botUserId, botId: s.workspace.botId, appId: s.workspace.appId, teamId: s.workspace.teamId });
const text = z.string().optional();

const PostMessage = z.object({ channel: nonEmpty, text, blocks: z.unknown().optional(), attachments: z.unknown().optional(), metadata: z.unknown().optional(), thread_ts: tsArg.optional() });
const PostEphemeral = z.object({ channel: nonEmpty, user: nonEmpty, text, blocks: z.unknown().optional(), attachments: z.unknown().optional(), thread_ts: tsArg.optional() });
const Update = z.object({ channel: nonEmpty, ts: tsArg, text, blocks: z.unknown().optional(), attachments: z.unknown().optional() });
const Delete = z.object({ channel: nonEmpty, ts: tsArg });

const CHAT_METHODS: Record<string, ApiHandler> = {
  'chat.postMessage': (s, args) => {
    const p = parseArgs(PostMessage, args);
    if (!p.ok) return p.res;
    const ch = postableChannel(s, p.data.channel);
    if (!ch.ok) return ch.res;
    const bad = rejectBadMessage(s, 'chat.postMessage', p.data);
    if (bad) return bad;
    const msg = s.messages.add({
      channel: ch.channel.id, text: p.data.text, blocks: p.data.blocks, attachments: p.data.attachments,
      metadata: p.data.metadata, thread_ts: p.data.thread_ts, bot_id: s.workspace.botId, via: 'api',
    });
    return { ok: true, channel: msg.channel, ts: msg.ts, message: toSlackMessage(msg, bot(s)) };
  },
  'chat.postEphemeral': (s, args) => {
    const p = parseArgs(PostEphemeral, args);
    if (!p.ok) return p.res;
    const user = findUser(s.workspace, p.data.user);
    if (!user) return fail('user_not_found');
    const ch = postableChannel(s, p.data.channel);
    if (!ch.ok) return ch.res;
    const bad = rejectBadMessage(s, 'chat.postEphemeral', p.data);
    if (bad) return bad;
    const msg = s.messages.add({
      channel: ch.channel.id, text: p.data.text, blocks: p.data.blocks, attachments: p.data.attachments,
      thread_ts: p.data.thread_ts, ephemeralTo: user.id, bot_id: s.workspace.botId, via: 'api',
    });
    return { ok: true, message_ts: msg.ts };
  },
  'chat.update': (s, args) => {
    const p = parseArgs(Update, args);
    if (!p.ok) return p.res;
    const channel = findChannel(s.workspace, p.data.channel);
    if (!channel) return fail('channel_not_found');
    const msg = s.messages.find(channel.id, p.data.ts);
    if (!msg || msg.ephemeralTo !== undefined) return fail('message_not_found');
    if (msg.bot_id === undefined) return fail('cant_update_message');
    const next = { text: p.data.text ?? msg.text, blocks: p.data.blocks ?? msg.blocks, attachments: p.data.attachments ?? msg.attachments };
    const bad = rejectBadMessage(s, 'chat.update', next);
    if (bad) return bad;
    s.messages.update(msg, next, 'api');
    return { ok: true, channel: msg.channel, ts: msg.ts, text: msg.text, message: toSlackMessage(msg, bot(s)) };
  },
  'chat.delete': (s, args) => {
    const p = parseArgs(Delete, args);
    if (!p.ok) return p.res;
    const channel = findChannel(s.workspace, p.data.channel);
    const msg = channel ? s.messages.find(channel.id, p.data.ts) : undefined;
    if (!channel || !msg || msg.ephemeralTo !== undefined) return fail('message_not_found');
    if (msg.bot_id === undefined) return fail('cant_delete_message');
    s.messages.remove(msg);
    return { ok: true, channel: msg.channel, ts: msg.ts };
  },
};

const INFO_METHODS: Record<string, ApiHandler> = {
  'auth.test': (s) => ({
    ok: true, url: `https://${s.workspace.teamDomain}.slack.com/`, team: s.workspace.teamName, user: s.workspace.botName,
    team_id: s.workspace.teamId, user_id: s.workspace.botUserId, bot_id: s.workspace.botId, is_enterprise_install: false,
  }),
  'users.info': (s, args) => {
    const user = typeof args['user'] === 'string' ? userInfo(s.workspace, args['user']) : undefined;
    return user ? { ok: true, user } : fail('user_not_found');
  },
  'usergroups.users.list': (s, args) => {
    const g = typeof args['usergroup'] === 'string' ? findUserGroup(s.workspace, args['usergroup']) : undefined;
    return g ? { ok: true, users: [...g.users] } : fail('no_such_subteam');
  },
  'conversations.info': (s, args) => {
    const c = typeof args['channel'] === 'string' ? findChannel(s.workspace, args['channel']) : undefined;
    if (!c) return fail('channel_not_found');
    const channel: JsonObject = {
      id: c.id, name: c.name, is_channel: !c.isIm && !c.isPrivate, is_group: !c.isIm && c.isPrivate, is_im: c.isIm === true,
      is_private: c.isPrivate, is_member: c.botIsMember, is_archived: false, context_team_id: s.workspace.teamId,
    };
    if (c.user) channel['user'] = c.user;
    return { ok: true, channel };
  },
  'conversations.open': (s, args) => {
    const ids = typeof args['users'] === 'string' ? args['users'].split(',').filter(Boolean) : [];
    const first = ids[0];
    if (ids.length !== 1 || first === undefined) return fail(ids.length === 0 ? 'users_list_not_supplied' : 'not_supported');
    const user = findUser(s.workspace, first);
    return user ? { ok: true, channel: { id: dmChannel(s.workspace, user.id).id } } : fail('user_not_found');
  },
};

const METHODS: Record<string, ApiHandler> = { ...INFO_METHODS, ...CHAT_METHODS, ...VIEW_METHODS, ...FILE_METHODS };

export const SUPPORTED_METHODS: readonly string[] = Object.keys(METHODS);

/** Authenticates and runs one Web API call. `token` comes from `Authorization: Bearer` or the `token` arg. */
export function handleWebApi(s: StandinState, method: string, args: JsonObject, token: string | undefined): ApiResponse {
  const { token: _bodyToken, ...recorded } = args;
  let res: ApiResponse;
  const handler = METHODS[method];
  if (!token) res = fail('not_authed');
  else if (token !== s.botToken) res = fail('invalid_auth');
  else if (!handler) res = fail('unknown_method');
  else {
    try {
      res = handler(s, recorded);
    } catch (err) {
      s.log('slack-standin: handler crashed', { method, err: String(err) });
      res = fail('internal_error');
    }
  }
  s.recordCall(method, recorded, res);
  return res;
}
