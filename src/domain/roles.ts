/**
 * Who may do what. Roles are ranked: a supervisor is also an agent, an agent also a viewer.
 * A role whose list is unset is open to everyone.
 */
export type Role = 'viewer' | 'agent' | 'supervisor';

export const ROLE_RANK: Record<Role, number> = { viewer: 1, agent: 2, supervisor: 3 };

export interface RoleLists {
  viewers: string[] | undefined;
  agents: string[] | undefined;
  supervisors: string[] | undefined;
}

const LIST_OF: Record<Role, keyof RoleLists> = { viewer: 'viewers', agent: 'agents', supervisor: 'supervisors' };

/**
 * Whether a person holds `role`. `memberOf(id)` says whether the person is that user id, or in that
 * user group (the caller resolves groups). Holding a higher role counts.
 */
export async function holdsRole(
  lists: RoleLists,
  role: Role,
  memberOf: (id: string) => Promise<boolean>,
): Promise<boolean> {
  const roles = (Object.keys(ROLE_RANK) as Role[]).filter((r) => ROLE_RANK[r] >= ROLE_RANK[role]);
  // An unset list means everyone holds that role, and so every role below it too.
  if (roles.some((r) => lists[LIST_OF[r]] === undefined)) return true;
  for (const r of roles) {
    for (const id of lists[LIST_OF[r]] ?? []) if (await memberOf(id)) return true;
  }
  return false;
}

export function openRoles(lists: RoleLists): Role[] {
  return (Object.keys(LIST_OF) as Role[]).filter((role) => lists[LIST_OF[role]] === undefined);
}
