/**
 * Deny by default. Every command, button and form listener declares, where it is registered, the role it
 * needs, as Bolt listener middleware:
 *
 *     app.action(SUMMARY_ACTIONS.recordPayment, needs(app).action(SUMMARY_ACTIONS.recordPayment, 'agent'), handler)
 *
 * The declaration is recorded here; `authorize` (global middleware) refuses any action or form whose id
 * nobody declared, and the listener middleware checks the declared role on every request, so a forwarded
 * button or a replayed submission cannot go around the modal that first checked.
 */
import type { AllMiddlewareArgs, AnyMiddlewareArgs, App, Middleware } from '@slack/bolt';
import type { Role } from '../domain/roles.ts';
import type { Services } from '../services.ts';
import { describeEntry } from './entry.ts';
import { refuse } from './refuse.ts';
import type { RefusalWords } from './refusal-words.ts';
import { roleToResendWrite } from '../usecases/replace-write.ts';

type RolesDeps = Pick<Services, 'access' | 'store' | 'logger'>;

/** A role, or one that depends on the request (e.g. a Retry needs the role of the write it sends again). */
export interface RoleRule {
  role: Role | 'depends';
  decide?: (body: Record<string, unknown>) => Promise<Role>;
}

export type ListenerKind = 'command' | 'action' | 'view';

export interface DeclaredListener {
  kind: ListenerKind;
  id: string;
  role: Role | 'depends';
}

export class ListenerRoles {
  private readonly declared = new Map<string, DeclaredListener & { rule: RoleRule }>();

  constructor(
    private readonly services: RolesDeps,
    private readonly words: RefusalWords,
  ) {}

  command<A extends AnyMiddlewareArgs>(id: string, role: Role | RoleRule): Middleware<A> {
    return this.declare('command', id, role);
  }

  action<A extends AnyMiddlewareArgs>(id: string, role: Role | RoleRule): Middleware<A> {
    return this.declare('action', id, role);
  }

  view<A extends AnyMiddlewareArgs>(id: string, role: Role | RoleRule): Middleware<A> {
    return this.declare('view', id, role);
  }

  isDeclared(kind: ListenerKind, id: string): boolean {
    return this.declared.has(`${kind}:${id}`);
  }

  /** Every declared listener and its role, in registration order. */
  list(): DeclaredListener[] {
    return [...this.declared.values()].map(({ kind, id, role }) => ({ kind, id, role }));
  }

  private declare<A extends AnyMiddlewareArgs>(kind: ListenerKind, id: string, role: Role | RoleRule): Middleware<A> {
    const rule: RoleRule = typeof role === 'string' ? { role } : role;
    if (this.declared.has(`${kind}:${id}`)) throw new Error(`${kind} ${id} declared twice`);
    this.declared.set(`${kind}:${id}`, { kind, id, role: rule.role, rule });
    return async (args) => {
      const all = args as unknown as AnyMiddlewareArgs & AllMiddlewareArgs;
      const body = all.body as unknown as Record<string, unknown>;
      const entry = describeEntry(body);
      const needed = rule.decide ? await rule.decide(body) : (rule.role as Role);
      if (entry.user && (await this.services.access.allowed(entry.user, needed))) return all.next();
      await refuse(this.services, all, entry, `needs ${needed}`, this.words.needsRole(needed, entry.what.replace(/_/g, ' ')));
    };
  }
}

const registries = new WeakMap<App, ListenerRoles>();

/** The composition root calls this once per app, before any listener is registered. */
export function declareListenerRoles(app: App, services: RolesDeps, words: RefusalWords): ListenerRoles {
  const roles = new ListenerRoles(services, words);
  registries.set(app, roles);
  return roles;
}

/** Where a listener is registered: `needs(app).action(id, role)`. */
export function needs(app: App): ListenerRoles {
  const roles = registries.get(app);
  if (!roles) throw new Error('declareListenerRoles(app, services, words) must run before listeners are registered');
  return roles;
}

/** Retry and Edit & retry send a write again: a payment needs an agent, anything else a supervisor. */
export function retryRole(services: Pick<Services, 'store'>): RoleRule {
  return {
    role: 'depends',
    decide: async (body) => {
      const actions = body['actions'];
      const value = Array.isArray(actions) ? (actions[0] as { value?: unknown } | undefined)?.value : undefined;
      return roleToResendWrite(services, typeof value === 'string' ? value : undefined);
    },
  };
}
