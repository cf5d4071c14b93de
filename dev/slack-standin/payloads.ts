/**
 * The bodies Slack sends to an app: slash-command fields, block_actions / view_submission /
 * view_closed payloads and event_callback envelopes, built from stored state.
 */
import { toSlackMessage } from './message-store.ts';
import type { StandinState } from './state.ts';
import type { JsonObject, StateValues, StoredMessage, StoredView } from './types.ts';
import { toSlackView } from './view-store.ts';
import type { WorkspaceChannel, WorkspaceUser } from './workspace.ts';

function userRef(s: StandinState, u: WorkspaceUser): JsonObject {
  return { id: u.id, username: u.name, name: u.name, team_id: s.workspace.teamId };
}

function common(s: StandinState, u: WorkspaceUser): JsonObject {
  const ws = s.workspace;
  return {
    user: userRef(s, u),
    api_app_id: ws.appId,
    token: ws.verificationToken,
    team: { id: ws.teamId, domain: ws.teamDomain },
    enterprise: ws.enterpriseId === null ? null : { id: ws.enterpriseId },
    is_enterprise_install: false,
  };
}

export function slashCommandFields(
  s: StandinState,
  a: { user: WorkspaceUser; channel: WorkspaceChannel; command: string; text: string; responseUrl: string; triggerId: string },
): Record<string, string> {
  const ws = s.workspace;
  return {
    token: ws.verificationToken,
    team_id: ws.teamId,
    team_domain: ws.teamDomain,
    channel_id: a.channel.id,
    channel_name: a.channel.isIm ? 'directmessage' : a.channel.name,
    user_id: a.user.id,
    user_name: a.user.name,
    command: a.command,
    text: a.text,
    api_app_id: ws.appId,
    is_enterprise_install: 'false',
    response_url: a.responseUrl,
    trigger_id: a.triggerId,
  };
}

export type ActionTarget = { kind: 'message'; message: StoredMessage; channel: WorkspaceChannel } | { kind: 'view'; view: StoredView; state: StateValues };

/** `block_actions` as Slack builds it. Ephemeral messages are not echoed back in `message`, as in Slack. */
export function blockActionsPayload(
  s: StandinState,
  a: { user: WorkspaceUser; target: ActionTarget; action: JsonObject; triggerId: string; responseUrl?: string },
): JsonObject {
  const base: JsonObject = { type: 'block_actions', ...common(s, a.user), trigger_id: a.triggerId };
  const ws = s.workspace;
  if (a.target.kind === 'view') {
    const view = { ...toSlackView(a.target.view), state: { values: a.target.state } };
    return { ...base, container: { type: 'view', view_id: a.target.view.id }, view, actions: [a.action] };
  }
  const { message, channel } = a.target;
  const container: JsonObject = { type: 'message', message_ts: message.ts, channel_id: channel.id, is_ephemeral: message.ephemeralTo !== undefined };
  if (message.thread_ts !== undefined) container['thread_ts'] = message.thread_ts;
  const payload: JsonObject = {
    ...base,
    container,
    channel: { id: channel.id, name: channel.isIm ? 'directmessage' : channel.name },
    state: { values: {} },
    response_url: a.responseUrl,
    actions: [a.action],
  };
  if (message.ephemeralTo === undefined) {
    payload['message'] = toSlackMessage(message, { botUserId: ws.botUserId, botId: ws.botId, appId: ws.appId, teamId: ws.teamId });
  }
  return payload;
}

export function viewSubmissionPayload(
  s: StandinState,
  a: { user: WorkspaceUser; view: StoredView; state: StateValues; triggerId: string },
): JsonObject {
  return {
    type: 'view_submission',
    ...common(s, a.user),
    trigger_id: a.triggerId,
    view: { ...toSlackView(a.view), state: { values: a.state } },
    response_urls: [],
  };
}

export function viewClosedPayload(s: StandinState, a: { user: WorkspaceUser; view: StoredView; isCleared: boolean }): JsonObject {
  return { type: 'view_closed', ...common(s, a.user), view: toSlackView(a.view), is_cleared: a.isCleared };
}

/** `event_callback` envelope; `event.event_ts` is filled in when missing. */
export function eventCallback(s: StandinState, event: JsonObject): JsonObject {
  const ws = s.workspace;
  const now = s.now();
  return {
    token: ws.verificationToken,
    team_id: ws.teamId,
    api_app_id: ws.appId,
    event: { event_ts: (now / 1000).toFixed(6), ...event },
    type: 'event_callback',
    event_id: s.ids.eventId(),
    event_time: Math.floor(now / 1000),
    authorizations: [{ enterprise_id: ws.enterpriseId, team_id: ws.teamId, user_id: ws.botUserId, is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
    event_context: `4-${Buffer.from(`${ws.teamId}:${now}`).toString('base64url')}`,
  };
}
