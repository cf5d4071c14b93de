/**
 * `/loan …` text → what the person asked for. Pure; the help text lives with the Slack surface.
 *
 * A loan id is 1–50 characters of letters, digits, `-` and `_`, starting with a letter or digit:
 * Credgenics' docs show digits ("2954", "283921") and Apollo's show strings like "Tesst001".
 * Anything else (spaces, slashes, `?`, dots) is refused before any lender is called.
 */
export type LoanCommand =
  | { kind: 'lookup'; loanId: string }
  | { kind: 'pay' | 'update' | 'apollo' | 'history'; loanId: string }
  | { kind: 'add' }
  | { kind: 'bulk' }
  | { kind: 'help'; reason?: string };

const LOAN_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,49}$/;
const SUBCOMMANDS = ['pay', 'update', 'apollo', 'history'] as const;

export const LOAN_ID_MAX = 50;

export function isValidLoanId(value: string): boolean {
  return LOAN_ID.test(value);
}

/** Why `value` is not a loan id, in words that say the rule it broke (its length limit included). */
export function loanIdProblem(value: string): string {
  const length = Array.from(value).length;
  if (length > LOAN_ID_MAX) return `“${quote(value)}” is not a valid loan id: it is ${length} characters long, and a loan id has at most ${LOAN_ID_MAX}.`;
  return `“${quote(value)}” is not a valid loan id: use only letters, digits, \`-\` and \`_\` (at most ${LOAN_ID_MAX}), e.g. \`1001\` or \`Tesst001\`.`;
}

/** Shorten outside text for an error message (it is escaped again where it is shown). */
function quote(text: string): string {
  const chars = Array.from(text.replace(/[\u0000-\u001f\u007f]/g, ' '));
  return chars.length > 40 ? `${chars.slice(0, 39).join('')}…` : chars.join('');
}

export function parseLoanCommand(text: string | undefined): LoanCommand {
  const words = (text ?? '').trim().split(/\s+/).filter(Boolean);
  const [first, second, ...rest] = words;
  if (!first || /^(help|-h|--help|\?)$/i.test(first)) return { kind: 'help' };
  const verb = first.toLowerCase();
  if (verb === 'bulk') {
    return words.length === 1 ? { kind: 'bulk' } : { kind: 'help', reason: '`/loan bulk` takes nothing more: the modal asks for the file.' };
  }
  if (verb === 'add') {
    return words.length === 1 ? { kind: 'add' } : { kind: 'help', reason: '`/loan add` takes no loan id: the modal asks for it.' };
  }
  const sub = SUBCOMMANDS.find((name) => name === verb);
  if (sub) {
    if (!second) return { kind: 'help', reason: `\`/loan ${sub}\` needs a loan id, e.g. \`/loan ${sub} 1001\`.` };
    if (rest.length > 0) return { kind: 'help', reason: `\`/loan ${sub}\` takes one loan id.` };
    if (!isValidLoanId(second)) return { kind: 'help', reason: loanIdProblem(second) };
    return { kind: sub, loanId: second };
  }
  if (words.length > 1) return { kind: 'help', reason: `I don’t know “${quote(words.join(' '))}”.` };
  if (!isValidLoanId(first)) return { kind: 'help', reason: loanIdProblem(first) };
  return { kind: 'lookup', loanId: first };
}
