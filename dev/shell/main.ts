/**
 * `npm run shell`: loanbot in a terminal, with no Slack, no lenders and no environment variables.
 * The real app runs on its real HTTP path against a local Slack stand-in and sandbox lenders.
 *
 *   npm run shell                          interactive (readline: history, Tab completion)
 *   npm run shell -- --script file.txt     run a script, print the transcript, exit 0 or 1
 *   … | npm run shell                      the same with piped stdin
 *   --no-color (or NO_COLOR=1)             plain text
 */
import { parseArgs } from 'node:util';
import type { Booted } from './boot.ts';
import { palette, wantsColor, type Palette } from './colors.ts';
import { Completion } from './completion.ts';
import { attachFeed } from './feed.ts';
import { ScriptIo, TerminalIo, type Io } from './io.ts';
import { ModalWalker } from './modal-walker.ts';
import { runLoop } from './repl.ts';
import { scriptLines, verdict } from './script.ts';
import { Session } from './session.ts';
import { SETTLE_WINDOW_NOTE } from './settle-window.ts';

const USAGE = 'usage: npm run shell [-- --script file.txt] [--no-color]';

function banner(p: Palette): string[] {
  return [
    `${p.bold('loanbot offline shell')} ${p.dim('·')} ${p.yellow('sandbox lenders (not real data)')} and a ${p.yellow('local Slack stand-in')}`,
    p.dim('Nothing here reaches Slack or a real lender. Start with: loans · /loan 1001 · help   (quit or Ctrl-D to leave)'),
    p.dim(SETTLE_WINDOW_NOTE),
  ];
}

async function main(): Promise<number> {
  let args: ReturnType<typeof parseCli>;
  try {
    args = parseCli();
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const scripted = args.script !== undefined || !process.stdin.isTTY;
  const p = palette(wantsColor({ isTTY: process.stdout.isTTY === true, noColorFlag: args.noColor, noColorEnv: process.env['NO_COLOR'] }));
  const write = (text: string): void => void process.stdout.write(text);
  write(`${banner(p).join('\n')}\n`);

  // Whoever reads the transcript went away (closed pipe): nothing more can be said, so leave at once.
  const gone = (error: NodeJS.ErrnoException): void => {
    if (error.code === 'EPIPE' || error.code === 'ECONNRESET' || error.code === 'ERR_STREAM_DESTROYED') process.exit(scripted ? 1 : 0);
  };
  process.stdout.on('error', gone);
  process.stderr.on('error', () => undefined);

  let session: Session | undefined;
  let reporting = false;
  const crash = (kind: string) => (reason: unknown) => {
    gone(reason as NodeJS.ErrnoException);
    const text = reason instanceof Error ? (reason.stack ?? reason.message) : String(reason);
    if (session && session.crashes.length < 100) session.crashes.push(`${kind}: ${text.split('\n')[0] ?? ''}`);
    if (reporting) return;
    reporting = true;
    try {
      (session?.io.print.bind(session.io) ?? ((t: string) => process.stderr.write(`${t}\n`)))(p.red(`✘ ${kind} in the app: ${text}`));
    } catch {
      // nowhere left to report it
    } finally {
      reporting = false;
    }
  };
  process.on('unhandledRejection', crash('unhandled rejection'));
  process.on('uncaughtException', crash('uncaught exception'));

  let lines: AsyncIterator<string> | undefined;
  try {
    lines = scripted ? scriptLines(args.script) : undefined;
  } catch (error) {
    process.stderr.write(`shell: cannot read the script: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }

  let booted: Booted;
  try {
    const { bootLoanbot } = await import('./boot.ts');
    booted = await bootLoanbot();
  } catch (error) {
    process.stderr.write(`shell: loanbot did not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }

  const completion = new Completion(() => session);
  const io: Io = lines ? new ScriptIo(lines, write) : new TerminalIo(process.stdout, process.stdin, (line: string) => completion.complete(line));
  session = new Session(booted, io, p, Math.min(process.stdout.columns ?? 100, 120));
  const walker = new ModalWalker(session, (list) => {
    completion.modalChoices = list;
  });
  const feed = attachFeed(session, () => walker.active);

  try {
    await runLoop(session, walker, feed);
  } finally {
    io.close();
    feed.detach();
    await booted.stop();
  }
  if (!scripted) {
    write(`${p.dim('bye')}\n`);
    return 0;
  }
  const result = verdict(booted, session);
  for (const problem of result.problems) process.stderr.write(`shell: ${problem}\n`);
  return result.code;
}

function parseCli(): { script: string | undefined; noColor: boolean; help: boolean } {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: { script: { type: 'string' }, 'no-color': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    strict: true,
  });
  return { script: values.script, noColor: values['no-color'] === true, help: values.help === true };
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`shell: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
