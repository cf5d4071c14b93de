/**
 * One typed line: `/loan …` (a signed slash command as the current user in the current channel),
 * `click N` / `N` (that button's block_actions, fresh trigger_id), or one of the shell's own commands.
 */
import type { DriverResult } from '../slack-standin/index.ts';
import { findMeta, type MetaContext } from './meta-commands.ts';

export type Outcome = 'quit' | 'ok';

function explainAck(ctx: MetaContext, what: string, res: DriverResult): void {
  const { p } = ctx.s;
  if (!res.sent) return;
  if (res.lateAck) ctx.s.print(p.red(`  ✘ loanbot took ${Math.round(res.ackMs)} ms to answer ${what}; Slack gives up after 3 s and shows an error`));
  else if (res.status !== 200) ctx.s.print(p.red(`  ✘ loanbot answered ${what} with HTTP ${res.status}${res.body ? `: ${res.body.slice(0, 200)}` : ''}`));
}

async function slash(ctx: MetaContext, line: string): Promise<void> {
  const { s } = ctx;
  const [command = '', ...rest] = line.split(/\s+/);
  if (command.toLowerCase() !== '/loan') {
    s.print(s.p.yellow(`  ${command} is not a loanbot command; loanbot has /loan (try /loan help)`));
    return;
  }
  const res = await s.standin.slashCommand({ command: '/loan', text: rest.join(' '), userId: s.user.id, channelId: s.channel.id });
  explainAck(ctx, '/loan', res);
}

async function click(ctx: MetaContext, args: string): Promise<void> {
  const { s } = ctx;
  const m = /^(\d+)(?:\s+(.+))?$/.exec(args.trim());
  const el = m ? s.buttons.get(Number(m[1])) : undefined;
  if (!m || !el) {
    s.print(s.p.yellow(s.buttons.size === 0 ? '  nothing to click yet: try /loan 1001' : `  no button [${args.trim()}]; buttons go from 1 to ${s.buttons.size}`));
    return;
  }
  const where = el.place.kind === 'message' ? { channelId: el.place.channel, messageTs: el.place.ts } : { viewId: el.place.viewId };
  try {
    let res: DriverResult;
    if (el.type === 'button') {
      res = await s.standin.clickButton({ userId: s.user.id, ...where, actionId: el.actionId, ...(el.value !== undefined ? { value: el.value } : {}) });
    } else {
      const choice = m[2]?.trim();
      if (!choice) {
        const how = el.options.length > 0 ? `choose one: ${el.options.map((o, i) => `click ${el.n} ${i + 1} (${o})`).join(', ')}` : `type it: click ${el.n} <text>`;
        s.print(s.p.yellow(`  ${how}`));
        return;
      }
      const value = /^\d+$/.test(choice) && el.options.length > 0 ? (el.options[Number(choice) - 1] ?? choice) : choice;
      res = await s.standin.selectOption({ userId: s.user.id, ...where, actionId: el.actionId, blockId: el.blockId, value });
      if (!res.sent) s.print(s.p.dim(`  [${el.n}] is now “${value}” (sent with the next button click there)`));
    }
    explainAck(ctx, `the click on “${el.label}”`, res);
  } catch (error) {
    const gone = error instanceof Error && /no element|no message|no view/.test(error.message);
    s.print(s.p.yellow(gone ? `  [${el.n}] ${el.label} is no longer there (its message or modal changed)` : `  could not click: ${String(error)}`));
  }
}

/** Runs one line; returns 'quit' when the shell should stop. */
export async function dispatch(ctx: MetaContext, raw: string): Promise<Outcome> {
  const line = raw.trim();
  if (line === '') return 'ok';
  if (line.startsWith('/')) {
    await slash(ctx, line);
    return 'ok';
  }
  if (/^\d+(\s|$)/.test(line)) {
    await click(ctx, line);
    return 'ok';
  }
  const [word = '', ...rest] = line.split(/\s+/);
  if (word.toLowerCase() === 'click') {
    await click(ctx, rest.join(' '));
    return 'ok';
  }
  const meta = findMeta(word);
  if (!meta) {
    ctx.s.print(ctx.s.p.yellow(`  unknown command “${word}”: type help`));
    return 'ok';
  }
  return (await meta.run(ctx, rest.join(' '))) === 'quit' ? 'quit' : 'ok';
}
