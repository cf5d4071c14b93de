/**
 * What loanbot says when it refuses a request at the gate (src/slack/authorize.ts, listener-roles.ts).
 */
import type { Role } from '../../src/domain/roles.ts';
import type { RefusalWords } from '../../src/slack/refusal-words.ts';

const ROLE_WORDS: Record<Role, string> = {
  viewer: 'a viewer (LOANBOT_VIEWERS)',
  agent: 'an agent (LOANBOT_AGENTS)',
  supervisor: 'a supervisor (LOANBOT_SUPERVISORS)',
};

export const REFUSAL_WORDS: RefusalWords = {
  noUser: 'loanbot could not tell who sent this.',
  channelNotEnabled: 'loanbot is not enabled in this channel. Ask an admin to add it to LOANBOT_CHANNELS, or use it in a channel where it is.',
  undeclared: (what) => `loanbot does not offer that (${what}).`,
  badMetadata: 'This form is out of date or was changed on the way. Close it and start again.',
  unreadable: 'loanbot could not read this request: it carries characters Slack never sends. Nothing was done.',
  needsRole: (role, what) => `Sorry, only ${ROLE_WORDS[role]} can do that (${what}). Ask a loanbot admin if you need it.`,
};
