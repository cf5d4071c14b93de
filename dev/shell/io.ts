/**
 * Where the shell's lines come from and go to. Interactive: Node's readline (history, tab completion),
 * with output arriving at any time printed above the prompt. Script: lines from a file or piped stdin,
 * each echoed after its prompt so the transcript reads like a session.
 */
import { clearLine, createInterface, cursorTo, type Completer, type Interface } from 'node:readline';
import { wrapLine } from './colors.ts';

export type Answer = { kind: 'line'; text: string } | { kind: 'eof' } | { kind: 'interrupt' } | { kind: 'aborted' };

export interface AskOptions {
  /** Resolve with `aborted` when this fires (e.g. a modal opened while waiting for a command). */
  signal?: AbortSignal;
  /** In scripts, blank lines are skipped unless the question takes them (Enter keeps a modal's default). */
  blankIsAnswer?: boolean;
}

export interface Io {
  readonly interactive: boolean;
  print(lines: string | readonly string[]): void;
  ask(prompt: string, opts?: AskOptions): Promise<Answer>;
  close(): void;
}

const asText = (lines: string | readonly string[]): string => (typeof lines === 'string' ? lines : lines.join('\n'));

export class TerminalIo implements Io {
  readonly interactive = true;
  private readonly rl: Interface;
  private readonly typedAhead: string[] = [];
  private waiter: ((a: Answer) => void) | undefined;
  private closed = false;
  private lastInterruptAt = 0;

  constructor(
    private readonly out: NodeJS.WriteStream,
    input: NodeJS.ReadStream,
    completer: Completer,
  ) {
    this.rl = createInterface({ input, output: out, terminal: true, completer, historySize: 500, removeHistoryDuplicates: true, tabSize: 2 });
    this.rl.on('line', (text) => this.settle({ kind: 'line', text }, () => this.typedAhead.push(text)));
    this.rl.on('close', () => {
      if (this.waiter) this.out.write('\n');
      this.closed = true;
      this.settle({ kind: 'eof' }, () => undefined);
    });
    this.rl.on('SIGINT', () => {
      if (this.rl.line !== '') {
        this.rl.write(null, { ctrl: true, name: 'e' });
        this.rl.write(null, { ctrl: true, name: 'u' });
        return;
      }
      const now = Date.now();
      const twice = now - this.lastInterruptAt < 2000;
      this.lastInterruptAt = now;
      if (this.waiter) this.out.write('^C\n');
      this.settle({ kind: twice ? 'eof' : 'interrupt' }, () => undefined);
    });
  }

  private settle(answer: Answer, otherwise: () => void): void {
    const w = this.waiter;
    if (!w) return otherwise();
    this.waiter = undefined;
    w(answer);
  }

  print(lines: string | readonly string[]): void {
    const width = this.out.columns ?? 0;
    const text = asText(lines)
      .split('\n')
      .flatMap((line) => wrapLine(line, width - 1))
      .join('\n');
    if (this.waiter && !this.closed) {
      cursorTo(this.out, 0);
      clearLine(this.out, 0);
      this.out.write(`${text}\n`);
      this.rl.prompt(true);
    } else {
      this.out.write(`${text}\n`);
    }
  }

  ask(prompt: string, opts: AskOptions = {}): Promise<Answer> {
    if (this.closed) return Promise.resolve({ kind: 'eof' });
    const early = this.typedAhead.shift();
    if (early !== undefined) return Promise.resolve({ kind: 'line', text: early });
    if (opts.signal?.aborted) return Promise.resolve({ kind: 'aborted' });
    this.rl.setPrompt(prompt);
    this.rl.prompt();
    return new Promise<Answer>((resolve) => {
      const onAbort = (): void => {
        if (this.waiter !== done) return;
        this.waiter = undefined;
        this.rl.write(null, { ctrl: true, name: 'e' });
        this.rl.write(null, { ctrl: true, name: 'u' });
        cursorTo(this.out, 0);
        clearLine(this.out, 0);
        resolve({ kind: 'aborted' });
      };
      const done = (a: Answer): void => {
        opts.signal?.removeEventListener('abort', onAbort);
        resolve(a);
      };
      this.waiter = done;
      opts.signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  close(): void {
    this.closed = true;
    this.rl.close();
  }
}

/** Lines of a script file or of piped stdin; `#` lines are comments. */
export class ScriptIo implements Io {
  readonly interactive = false;

  constructor(
    private readonly lines: AsyncIterator<string>,
    private readonly write: (text: string) => void,
  ) {}

  print(lines: string | readonly string[]): void {
    this.write(`${asText(lines)}\n`);
  }

  async ask(prompt: string, opts: AskOptions = {}): Promise<Answer> {
    for (;;) {
      const next = await this.lines.next();
      if (next.done) return { kind: 'eof' };
      const text = next.value.trim();
      if (text.startsWith('#')) continue;
      if (text === '' && !opts.blankIsAnswer) continue;
      this.write(`${prompt}${text}\n`);
      return { kind: 'line', text };
    }
  }

  close(): void {
    void this.lines.return?.();
  }
}

/** An async iterator over the lines of a whole text (a script file). */
export async function* linesOf(text: string): AsyncGenerator<string> {
  const lines = text.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  for (const line of lines) yield line;
}
