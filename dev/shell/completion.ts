/**
 * Tab completion: the shell's commands, `/loan` subcommands, sandbox loan ids, users, channels, fault
 * kinds; inside a modal, the current field's options.
 */
import type { CompleterResult } from 'node:readline';
import { META_COMMANDS, channelNames } from './meta-commands.ts';
import type { Session } from './session.ts';

const LOAN_SUBCOMMANDS = ['pay', 'update', 'apollo', 'history', 'add', 'help'];
const FAULTS = ['500', 'timeout', 'slow 5s', 'off'];

function matching(candidates: readonly string[], typed: string): string[] {
  const lower = typed.toLowerCase();
  return candidates.filter((c) => c.toLowerCase().startsWith(lower));
}

export class Completion {
  /** Set while a modal question is asked: what to offer instead of commands. */
  modalChoices: string[] | undefined;

  constructor(private readonly session: () => Session | undefined) {}

  complete(line: string): CompleterResult {
    if (this.modalChoices) return [matching(this.modalChoices, line), line];
    const s = this.session();
    const loanIds = s ? s.booted.credgenics.loans().map((l) => l.loanId) : [];
    const words = line.split(/\s+/);
    const last = words.at(-1) ?? '';
    if (words.length <= 1) {
      const commands = ['/loan ', 'click ', ...META_COMMANDS.flatMap((c) => [c.name, ...(c.aliases ?? [])]).map((n) => (['as', 'in', 'fault'].includes(n) ? `${n} ` : n))];
      return [matching(commands, line), line];
    }
    const first = (words[0] ?? '').toLowerCase();
    if (first === '/loan') {
      if (words.length === 2) return [matching([...LOAN_SUBCOMMANDS, ...loanIds], last), last];
      if (words.length === 3 && ['pay', 'update', 'apollo', 'history'].includes((words[1] ?? '').toLowerCase())) return [matching(loanIds, last), last];
      return [[], last];
    }
    if (!s) return [[], last];
    if (first === 'as' && words.length === 2) return [matching(s.standin.workspace.users.map((u) => `@${u.name}`), last), last];
    if (first === 'in' && words.length === 2) return [matching(channelNames(s), last), last];
    if (first === 'fault') {
      if (words.length === 2) return [matching(Object.keys(s.booted.lenders).map((n) => `${n} `), last), last];
      const rest = words.slice(2).join(' ');
      return [matching(FAULTS, rest), rest];
    }
    return [[], last];
  }
}
