/**
 * Roles from the environment, with Slack user groups resolved through a port and cached for a few minutes;
 * and a refused request recorded in the audit trail (the Slack edge, src/slack/refuse.ts, says no).
 */
import { holdsRole, type Role, type RoleLists } from '../domain/roles.ts';
import type { Logger } from '../log.ts';
import type { Store } from '../store/index.ts';

export type GroupMembers = (groupId: string) => Promise<string[]>;

const CACHE_MS = 5 * 60 * 1000;

export class AccessControl {
  private readonly groups = new Map<string, { users: Set<string>; until: number }>();

  constructor(
    private readonly lists: RoleLists,
    private readonly channels: string[] | undefined,
    private readonly members: GroupMembers,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  channelEnabled(channelId: string | undefined): boolean {
    return this.channels === undefined || (channelId !== undefined && this.channels.includes(channelId));
  }

  async allowed(userId: string, role: Role): Promise<boolean> {
    return holdsRole(this.lists, role, async (id) => {
      if (id === userId) return true;
      if (!id.startsWith('S')) return false;
      return (await this.groupUsers(id)).has(userId);
    });
  }

  private async groupUsers(groupId: string): Promise<Set<string>> {
    const cached = this.groups.get(groupId);
    if (cached && cached.until > this.now()) return cached.users;
    try {
      const users = new Set(await this.members(groupId));
      this.groups.set(groupId, { users, until: this.now() + CACHE_MS });
      return users;
    } catch (error) {
      // Fail closed: without the group's members, nobody gets a role through it.
      this.logger.warn({ err: error, groupId }, 'could not resolve a user group');
      return cached?.users ?? new Set();
    }
  }
}

/** A refused request, for the audit trail: who, what (e.g. "button alert_retry"), and why. */
export interface Refusal {
  user: string | undefined;
  loanId: string | undefined;
  what: string;
  outcome: string;
}

export async function recordRefusal(deps: { store: Pick<Store, 'audit'> }, refusal: Refusal): Promise<void> {
  await deps.store.audit.append({
    actor: refusal.user ?? 'unknown',
    action: 'access.refused',
    loanId: refusal.loanId ?? null,
    lender: null,
    outcome: refusal.outcome,
    detail: refusal.what,
    writeId: null,
  });
}
