/**
 * The seeded workspace the stand-in plays: team, bot, users, user groups, channels.
 * Overridable piecewise through `startSlackStandin({ workspace })`.
 */

export interface WorkspaceUser {
  id: string;
  name: string;
  realName: string;
  displayName?: string;
  /** Free text for the offline shell (e.g. the loanbot role the app is expected to give this user). */
  role?: string;
  tz?: string;
  email?: string;
}

export interface WorkspaceChannel {
  id: string;
  name: string;
  isPrivate: boolean;
  /** Flip at runtime to imitate inviting/removing the bot. */
  botIsMember: boolean;
  isIm?: boolean;
  /** For DMs: the other party. */
  user?: string;
}

export interface WorkspaceUserGroup {
  id: string;
  handle: string;
  name: string;
  users: string[];
}

export interface Workspace {
  teamId: string;
  teamDomain: string;
  teamName: string;
  enterpriseId: string | null;
  appId: string;
  botUserId: string;
  botId: string;
  botName: string;
  /** Legacy verification token sent in payloads (`token` field). */
  verificationToken: string;
  users: WorkspaceUser[];
  channels: WorkspaceChannel[];
  userGroups: WorkspaceUserGroup[];
  defaultUserId: string;
  defaultChannelId: string;
}

export type WorkspaceInput = Partial<Workspace>;

export const DEFAULT_TZ = 'Asia/Kolkata';

export function defaultWorkspace(): Workspace {
  return {
    teamId: 'T0LOANBOT',
    teamDomain: 'loanbot-dev',
    teamName: 'Loanbot Dev',
    enterpriseId: null,
    appId: 'A0LOANBOT',
    botUserId: 'U0LOANBOT',
    botId: 'B0LOANBOT',
    botName: 'loanbot',
    verificationToken: 'standinVerificationToken',
    users: [
      { id: 'U01ASHA', name: 'asha', realName: 'Asha Rao', role: 'agent' },
      { id: 'U02RAVI', name: 'ravi', realName: 'Ravi Kumar', role: 'viewer' },
      { id: 'U03MEERA', name: 'meera', realName: 'Meera Iyer', role: 'supervisor' },
      { id: 'U04DEV', name: 'dev', realName: 'Dev Patel' },
    ],
    channels: [
      { id: 'C0COLLECT', name: 'collections', isPrivate: false, botIsMember: true },
      { id: 'C0ALERTS', name: 'loan-alerts', isPrivate: false, botIsMember: true },
      { id: 'C0RANDOM', name: 'random', isPrivate: false, botIsMember: false },
    ],
    userGroups: [{ id: 'S0COLLECT', handle: 'collections', name: 'Collections', users: ['U01ASHA', 'U03MEERA'] }],
    defaultUserId: 'U01ASHA',
    defaultChannelId: 'C0COLLECT',
  };
}

/** Defaults overlaid with `input`; deep-copied so a test may mutate its own workspace freely. */
export function buildWorkspace(input: WorkspaceInput = {}): Workspace {
  return structuredClone({ ...defaultWorkspace(), ...input });
}

/** `@asha`, `asha`, `Asha Rao` or `U01ASHA` → the user; undefined when unknown. */
export function findUser(ws: Workspace, ref: string): WorkspaceUser | undefined {
  const r = ref.trim().replace(/^@/, '').replace(/^<@([A-Z0-9]+)(\|[^>]*)?>$/, '$1');
  const lower = r.toLowerCase();
  return (
    ws.users.find((u) => u.id === r) ??
    ws.users.find((u) => u.name.toLowerCase() === lower) ??
    ws.users.find((u) => u.realName.toLowerCase() === lower)
  );
}

/** `#collections`, `collections` or `C0COLLECT` → the channel (DM channels `D…` included once opened). */
export function findChannel(ws: Workspace, ref: string): WorkspaceChannel | undefined {
  const r = ref.trim().replace(/^#/, '').replace(/^<#([A-Z0-9]+)(\|[^>]*)?>$/, '$1');
  return ws.channels.find((c) => c.id === r) ?? ws.channels.find((c) => c.name.toLowerCase() === r.toLowerCase());
}

/** `@collections`, `collections` or `S0COLLECT` → the user group. */
export function findUserGroup(ws: Workspace, ref: string): WorkspaceUserGroup | undefined {
  const r = ref.trim().replace(/^@/, '').replace(/^<!subteam\^([A-Z0-9]+)(\|[^>]*)?>$/, '$1');
  return ws.userGroups.find((g) => g.id === r) ?? ws.userGroups.find((g) => g.handle.toLowerCase() === r.toLowerCase());
}

export function requireUser(ws: Workspace, ref: string): WorkspaceUser {
  const u = findUser(ws, ref);
  if (!u) throw new Error(`slack-standin: unknown user "${ref}" (known: ${ws.users.map((x) => '@' + x.name).join(', ')})`);
  return u;
}

export function requireChannel(ws: Workspace, ref: string): WorkspaceChannel {
  const c = findChannel(ws, ref);
  if (!c) throw new Error(`slack-standin: unknown channel "${ref}" (known: ${ws.channels.map((x) => '#' + x.name).join(', ')})`);
  return c;
}

/** The DM channel between the bot and a user, created on first use (id `D` + user id without its `U`). */
export function dmChannel(ws: Workspace, userId: string): WorkspaceChannel {
  const id = `D${userId.replace(/^[UW]/, '')}`;
  let ch = ws.channels.find((c) => c.id === id);
  if (!ch) {
    ch = { id, name: id, isPrivate: true, botIsMember: true, isIm: true, user: userId };
    ws.channels.push(ch);
  }
  return ch;
}

/** Slack's `users.info` shape for a user or the bot. */
export function userInfo(ws: Workspace, userId: string): Record<string, unknown> | undefined {
  if (userId === ws.botUserId) {
    return {
      id: ws.botUserId, team_id: ws.teamId, name: ws.botName, real_name: ws.botName, deleted: false,
      is_bot: true, is_app_user: false, tz: DEFAULT_TZ,
      profile: { display_name: ws.botName, real_name: ws.botName, bot_id: ws.botId, api_app_id: ws.appId },
    };
  }
  const u = ws.users.find((x) => x.id === userId);
  if (!u) return undefined;
  const tz = u.tz ?? DEFAULT_TZ;
  return {
    id: u.id, team_id: ws.teamId, name: u.name, real_name: u.realName, deleted: false, is_bot: false,
    is_admin: false, tz, tz_offset: tz === DEFAULT_TZ ? 19_800 : 0,
    profile: {
      display_name: u.displayName ?? u.name, display_name_normalized: u.displayName ?? u.name,
      real_name: u.realName, real_name_normalized: u.realName,
      ...(u.email ? { email: u.email } : {}),
    },
  };
}
