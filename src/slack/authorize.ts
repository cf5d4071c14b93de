/**
 * One gate in front of every listener (global middleware): a request whose ids carry a control character
 * (a NUL, …) is refused before anything reads them (unreadable-request.ts); a command, button or form needs
 * a user, a channel where loanbot is enabled, and a listener that declared its role (see listener-roles.ts);
 * anything else is refused, ephemerally where possible, and audited. The declared role itself is checked
 * by the listener's own middleware.
 */
import type { AnyMiddlewareArgs, AllMiddlewareArgs, Middleware } from '@slack/bolt';
import type { Services } from '../services.ts';
import { describeEntry } from './entry.ts';
import type { ListenerRoles } from './listener-roles.ts';
import { refuse } from './refuse.ts';
import { MetadataError } from './metadata.ts';
import type { RefusalWords } from './refusal-words.ts';
import { isUnreadableRequest, withoutControlCharacters } from './unreadable-request.ts';

const KIND_OF = { command: 'command', action: 'action', view_submission: 'view', view_closed: 'view' } as const;

export function authorize(services: Pick<Services, 'access' | 'store' | 'logger'>, roles: ListenerRoles, words: RefusalWords): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const all = args as AnyMiddlewareArgs & AllMiddlewareArgs;
    const entry = describeEntry(all.body as unknown as Record<string, unknown>);
    if (isUnreadableRequest(all.body)) {
      // Audited and answered with what it names made safe: the ids as sent cannot be stored.
      const safe = { ...entry, user: withoutControlCharacters(entry.user), channel: withoutControlCharacters(entry.channel), what: withoutControlCharacters(entry.what) ?? '' };
      if (safe.kind === 'other') {
        services.logger.warn({ what: safe.what }, 'refused a Slack request whose ids carry control characters');
        return;
      }
      return refuse(services, all, safe, 'unreadable ids', words.unreadable);
    }
    if (entry.kind === 'other') return all.next();
    if (!entry.user) return refuse(services, all, entry, 'no user', words.noUser);
    if (entry.channel !== undefined && !services.access.channelEnabled(entry.channel)) {
      return refuse(services, all, entry, 'channel not enabled', words.channelNotEnabled);
    }
    if (entry.kind === 'view_closed') {
      // loanbot asks for no view_closed; one that arrives anyway is acked and goes no further.
      await (all as { ack?: () => Promise<void> }).ack?.();
      return;
    }
    if (!roles.isDeclared(KIND_OF[entry.kind], entry.id)) {
      return refuse(services, all, entry, 'undeclared', words.undeclared(entry.what.replace(/_/g, ' ')));
    }
    try {
      await all.next();
    } catch (error) {
      // A modal whose private_metadata is not what loanbot wrote (src/slack/metadata.ts): refused, not a crash.
      if (!(error instanceof MetadataError)) throw error;
      await refuse(services, all, entry, 'bad metadata', words.badMetadata);
    }
  };
}
