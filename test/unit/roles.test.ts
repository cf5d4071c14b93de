import { describe, expect, it } from 'vitest';
import { holdsRole, openRoles, type RoleLists } from '../../src/domain/roles.ts';

const member = (ids: string[]) => async (id: string) => ids.includes(id);

describe('roles', () => {
  const lists: RoleLists = { viewers: ['U2'], agents: ['S1'], supervisors: ['U3'] };

  it('ranks roles: a supervisor is an agent and a viewer', async () => {
    expect(await holdsRole(lists, 'viewer', member(['U3']))).toBe(true);
    expect(await holdsRole(lists, 'agent', member(['U3']))).toBe(true);
    expect(await holdsRole(lists, 'supervisor', member(['U3']))).toBe(true);
  });

  it('gives a role through a user group and refuses the rest', async () => {
    expect(await holdsRole(lists, 'agent', member(['U1', 'S1']))).toBe(true);
    expect(await holdsRole(lists, 'supervisor', member(['U1', 'S1']))).toBe(false);
    expect(await holdsRole(lists, 'agent', member(['U2']))).toBe(false);
    expect(await holdsRole(lists, 'viewer', member(['U9']))).toBe(false);
  });

  it('opens a role, and the roles below it, to everyone when its list is unset', async () => {
    const open: RoleLists = { viewers: ['U2'], agents: undefined, supervisors: ['U3'] };
    expect(await holdsRole(open, 'agent', member(['U9']))).toBe(true);
    expect(await holdsRole(open, 'viewer', member(['U9']))).toBe(true);
    expect(await holdsRole(open, 'supervisor', member(['U9']))).toBe(false);
    expect(openRoles(open)).toEqual(['agent']);
  });
});
