/**
 * What the edge's gate says when it refuses a request. The sentences live with every other word an agent
 * reads, in views/words/refusals.ts; the composition root hands them to `authorize` and the listener roles
 * (the edge cannot import views/).
 */
import type { Role } from '../domain/roles.ts';

export interface RefusalWords {
  noUser: string;
  channelNotEnabled: string;
  /** `what`: the command, button or form, e.g. "button payment record". */
  undeclared(what: string): string;
  badMetadata: string;
  /** A request whose ids carry control characters (src/slack/unreadable-request.ts). */
  unreadable: string;
  needsRole(role: Role, what: string): string;
}
