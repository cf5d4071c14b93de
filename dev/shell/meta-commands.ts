/**
 * The shell's own commands (everything that is not `/loan …` or a click): help, as, in, loans, fault,
 * home, log, modal, upload, close, quit.
 */
import { formatLogEntry } from './logs.ts';
import type { Session } from './session.ts';
import { SETTLE_WINDOW_NOTE } from './settle-window.ts';
import { filetypesOf, uploadFromDisk, uploadPath } from './file-upload.ts';
import { inputFields } from './modal-fields.ts';

export interface MetaContext {
  s: Session;
  /** Walk the open modal again (after `n` at its submit question). */
  walk(): Promise<void>;
  /** Date.now() of the last Home publish for the current user. */
  lastHomeAt(): number;
}

export interface MetaCommand {
  name: string;
  aliases?: string[];
  usage: string;
  about: string;
  run(ctx: MetaContext, args: string): Promise<'quit' | void> | 'quit' | void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Fault = { status?: number; delayMs?: number };
const WRITE_METHODS = ['POST', 'PUT', 'PATCH', 'DELETE'];

function faultFor(spec: string, lender: string): { fault: Fault | null; says: string } | undefined {
  const t = spec.trim().toLowerCase();
  const name = `${lender.charAt(0).toUpperCase()}${lender.slice(1)} sandbox`;
  if (t === 'off' || t === 'clear' || t === 'none') return { fault: null, says: `${name} faults cleared: it answers normally again` };
  if (t === 'timeout') return { fault: { delayMs: 15_000 }, says: `${name} now waits 15 s before answering (loanbot gives up after 10 s)` };
  const slow = /^slow\s+(\d+(?:\.\d+)?)\s*s?$/.exec(t);
  if (slow) {
    const ms = Math.round(Number(slow[1]) * 1000);
    return { fault: { delayMs: ms }, says: `${name} now waits ${ms / 1000} s before answering` };
  }
  if (/^[45]\d\d$/.test(t)) return { fault: { status: Number(t) }, says: `${name} now answers HTTP ${t} to every request` };
  return undefined;
}

export const META_COMMANDS: MetaCommand[] = [
  {
    name: 'help',
    usage: 'help',
    about: 'this list',
    run: ({ s }) => s.print(helpText(s)),
  },
  {
    name: 'as',
    usage: 'as @name',
    about: 'act as another user of the workspace',
    run: ({ s }, args) => {
      try {
        s.user = s.standin.resolveUser(args.trim());
        const role = ` (${roleWords(s.user.role)})`;
        s.print(s.p.dim(`  now acting as @${s.user.name}, ${s.user.realName}${role}`));
      } catch {
        s.print(s.p.yellow(`  who? try ${s.standin.workspace.users.map((u) => `@${u.name}`).join(', ')}`));
      }
    },
  },
  {
    name: 'in',
    usage: 'in #channel',
    about: 'switch channel',
    run: ({ s }, args) => {
      try {
        s.channel = s.standin.resolveChannel(args.trim());
        s.print(s.p.dim(`  now in #${s.channel.name}${s.channel.botIsMember ? '' : ' (loanbot is not a member here)'}`));
      } catch {
        s.print(s.p.yellow(`  which channel? try ${channelNames(s).join(', ')}`));
      }
    },
  },
  {
    name: 'loans',
    usage: 'loans',
    about: 'the sandbox loans you can look up (Credgenics) and update in Apollo',
    run: ({ s }) => {
      const apollo = s.booted.running.sandbox?.apollo.loans() ?? [];
      s.print([
        s.p.dim('  Credgenics (/loan <id>, /loan pay <id>, /loan update <id>, /loan history <id>)'),
        ...s.booted.credgenics.loans().map((l) => `  ${l.line}`),
        ...(apollo.length ? [s.p.dim('  Apollo (/loan apollo <id>)'), ...apollo.map((l) => `  ${l.line}`)] : []),
      ]);
    },
  },
  {
    name: 'fault',
    usage: 'fault credgenics 500|timeout|slow 5s|off [writes]',
    about: 'make the sandbox lender fail (only its writes with `writes`), to see alerts and retries; fault apollo … too',
    run: ({ s }, args) => {
      const m = /^(\S+)\s+(.+?)(\s+writes)?$/i.exec(args.trim());
      const name = (m?.[1] ?? '').toLowerCase();
      const lender = s.booted.lenders[name];
      const parsed = lender && m?.[2] ? faultFor(m[2], name) : undefined;
      if (!lender || !parsed) return s.print(s.p.yellow(`  usage: fault ${Object.keys(s.booted.lenders).join('|')} 500|timeout|slow 5s|off [writes]`));
      const fault = parsed.fault;
      if (!fault) lender.clearFaults();
      else if (!m?.[3]) lender.setFault(fault);
      else {
        lender.setFault(null);
        for (const method of WRITE_METHODS) lender.addFault({ ...fault, match: { method } });
      }
      s.print(s.p.dim(`  ${parsed.says}${fault && m?.[3] ? ' (writes only: reads work)' : ''}`));
    },
  },
  {
    name: 'wait',
    usage: 'wait 6s',
    about: 'let time pass (automatic retries, the settle window), showing what arrives meanwhile',
    run: async ({ s }, args) => {
      const m = /^(\d+(?:\.\d+)?)\s*s?$/i.exec(args.trim());
      const seconds = m ? Number(m[1]) : NaN;
      if (!(seconds > 0 && seconds <= 300)) return s.print(s.p.yellow('  usage: wait 6s (up to 300 s)'));
      await sleep(seconds * 1000);
    },
  },
  {
    name: 'home',
    usage: 'home',
    about: "open loanbot's Home tab",
    run: async ({ s, lastHomeAt }) => {
      const before = lastHomeAt();
      const res = await s.standin.openHome(s.user.id);
      for (let waited = 0; waited < 2000 && lastHomeAt() === before; waited += 50) await sleep(50);
      if (lastHomeAt() !== before) return;
      const home = s.standin.homeView(s.user.id);
      if (home) return s.print(s.p.dim('  (the Home tab did not change)'));
      s.print(s.p.dim(`  no Home published (the app answered app_home_opened with HTTP ${res.status} and published nothing)`));
    },
  },
  {
    name: 'log',
    usage: 'log',
    about: "show or hide the app's log lines",
    run: ({ s }) => {
      s.showLog = !s.showLog;
      if (!s.showLog) return s.print(s.p.dim('  app log hidden'));
      const recent = s.booted.logs.entries.slice(-15).map((e) => formatLogEntry(e, s.p));
      s.print([s.p.dim(`  app log shown (last ${recent.length} lines, then as they come)`), ...recent]);
    },
  },
  {
    name: 'modal',
    usage: 'modal',
    about: 'go back to the open modal',
    run: async ({ s, walk }) => {
      if (!s.standin.topView(s.user.id)) return s.print(s.p.dim('  no modal is open'));
      await walk();
    },
  },
  {
    name: 'upload',
    usage: 'upload <path>',
    about: 'pick a file from this machine in the open modal’s file input (try /loan bulk, then upload examples/payments.csv)',
    run: async ({ s, walk }, args) => {
      const view = s.standin.topView(s.user.id);
      const input = view ? inputFields(view).find((f) => f.type === 'file_input') : undefined;
      if (!view || !input) return s.print(s.p.dim('  no open modal has a file input (try /loan bulk)'));
      const up = uploadFromDisk(s, uploadPath(args), filetypesOf(input.element));
      if (!up.ok) return s.print(s.p.yellow(`  ${up.message}`));
      s.print(s.p.dim(`  uploaded ${up.name} (${up.size} bytes) → ${view.submit?.text ?? 'Submit'}`));
      await s.standin.submitView({ userId: s.user.id, viewId: view.id, values: { [input.blockId]: [up.fileId] } });
      await walk();
    },
  },
  {
    name: 'wait',
    usage: 'wait <seconds>',
    about: 'let time pass (in a script: watch a bulk batch being sent)',
    run: async ({ s }, args) => {
      const seconds = Math.min(120, Math.max(0, Number(args.trim()) || 1));
      s.print(s.p.dim(`  waiting ${seconds} s…`));
      await sleep(seconds * 1000);
    },
  },
  {
    name: 'close',
    usage: 'close',
    about: 'close the open modal',
    run: async ({ s }) => {
      if (!s.standin.topView(s.user.id)) return s.print(s.p.dim('  no modal is open'));
      await s.standin.closeView({ userId: s.user.id });
    },
  },
  {
    name: 'quit',
    aliases: ['exit'],
    usage: 'quit',
    about: 'stop loanbot and leave (or Ctrl-D)',
    run: () => 'quit',
  },
];

/** What each of the sandbox workspace's roles may do (boot.ts sets LOANBOT_VIEWERS/AGENTS/SUPERVISORS to match). */
const ROLE_ABOUT: Record<string, string> = {
  viewer: 'looks loans up and reads history',
  agent: 'also records payments and sees personal details',
  supervisor: 'also updates and adds loans and dismisses alerts',
};
const NO_ROLE = 'no role: loanbot refuses everything';

function roleWords(role: string | undefined): string {
  return role && ROLE_ABOUT[role] ? `${role}: ${ROLE_ABOUT[role]}` : NO_ROLE;
}

export function channelNames(s: Session): string[] {
  return s.standin.workspace.channels.filter((c) => !c.isIm).map((c) => `#${c.name}`);
}

export function findMeta(word: string): MetaCommand | undefined {
  const w = word.toLowerCase();
  return META_COMMANDS.find((c) => c.name === w || c.aliases?.includes(w));
}

export function helpText(s: Session): string[] {
  const { p } = s;
  const rows: Array<[string, string]> = [
    ['/loan <id>', "look a loan up (try /loan 1001), as Slack would send it"],
    ['/loan pay <id>', 'record a payment (opens the modal)'],
    ['/loan update <id>', "update a loan's details in Credgenics (supervisors)"],
    ['/loan apollo <id>', 'update a loan in Apollo (supervisors; try /loan apollo Tesst001)'],
    ['/loan history <id>', 'what loanbot has written for a loan'],
    ['/loan add', 'add a loan to Credgenics (supervisors)'],
    ['/loan bulk', 'record many payments from a CSV file (then upload <path>)'],
    ['/loan help', "loanbot's own help"],
    ['click <n>  or  <n>', 'click button [n] (a select: click <n> <option>)'],
    ...META_COMMANDS.map((c): [string, string] => [c.usage, c.about]),
  ];
  const width = Math.max(...rows.map(([u]) => u.length));
  const ws = s.standin.workspace;
  return [
    ...rows.map(([u, a]) => `  ${p.bold(u.padEnd(width))}  ${a}`),
    p.dim(`  users: ${ws.users.map((u) => `@${u.name} (${u.role ?? 'no role'})`).join(', ')} · group @${ws.userGroups.map((g) => g.handle).join(', @')}`),
    p.dim(`  roles: ${Object.entries(ROLE_ABOUT).map(([role, about]) => `${role} ${about}`).join('; ')}; ${NO_ROLE}`),
    p.dim(`  channels: ${channelNames(s).join(', ')} · in a modal: Enter keeps [the default], - clears, cancel closes`),
    p.dim(`  ${SETTLE_WINDOW_NOTE}`),
  ];
}
