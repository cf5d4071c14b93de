/**
 * The offline shell in this process (its boot, session, modal walker and read–run loop, as `npm run shell
 * -- --script` runs them), a script in and the transcript out: what a person typing at the prompt sees.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootLoanbot, type Booted } from '../../dev/shell/boot.ts';
import { palette } from '../../dev/shell/colors.ts';
import { attachFeed } from '../../dev/shell/feed.ts';
import { linesOf, ScriptIo } from '../../dev/shell/io.ts';
import { ModalWalker } from '../../dev/shell/modal-walker.ts';
import { runLoop } from '../../dev/shell/repl.ts';
import { Session } from '../../dev/shell/session.ts';

let booted: Booted;
beforeAll(async () => {
  booted = await bootLoanbot();
});
afterAll(async () => {
  await booted?.stop();
});

/** Runs the script's lines in a fresh session on the running app; the transcript, and whether the loop threw. */
async function runScript(lines: string[]): Promise<{ transcript: string; threw: unknown }> {
  let transcript = '';
  const io = new ScriptIo(linesOf(`${lines.join('\n')}\n`), (text) => (transcript += text));
  const session = new Session(booted, io, palette(false), 120);
  const walker = new ModalWalker(session, () => undefined);
  const feed = attachFeed(session, () => walker.active);
  let threw: unknown;
  try {
    await runLoop(session, walker, feed);
  } catch (error) {
    threw = error;
  } finally {
    feed.detach();
    const top = booted.standin.topView(session.user.id);
    if (top) await booted.standin.closeView({ userId: session.user.id }).catch(() => undefined);
  }
  return { transcript, threw };
}

const blanks = (n: number) => Array.from({ length: n }, () => '');

describe('the shell keeps the session', () => {
  it('a file Slack’s picker would not offer (README.md to a CSV input) is refused at the prompt, and the session goes on', async () => {
    const { transcript, threw } = await runScript(['/loan bulk', 'upload README.md', 'y', 'cancel', '/loan 1001', 'quit']);
    expect(threw).toBeUndefined();
    expect(transcript).toMatch(/README\.md .*csv/);
    expect(transcript).not.toContain('slack-standin:');
    expect(transcript).toContain('Loan 1001 · Keval Gor');
  });
});

describe('the shell sends what Slack sends when an input dispatches its action', () => {
  it('a credit-line Update loan: picking another transaction fills the form in from it, and Review goes on', async () => {
    const { transcript, threw } = await runScript(['as @meera', '/loan update 2001', '2', ...blanks(16), 'cancel', 'quit']);
    expect(threw).toBeUndefined();
    expect(transcript).toContain('EMI amount (optional) [1000]');
    expect(transcript).not.toContain('Still loading transaction 2002');
    expect(transcript).toContain('Nothing changed');
  });

  it('Update in Apollo: picking ML shows the ML fields before Review', async () => {
    const { transcript, threw } = await runScript(['as @meera', '/loan apollo Tesst001', '2', '2026-01-05', '2026-02-04', 'cancel', 'quit']);
    expect(threw).toBeUndefined();
    const tenure = transcript.indexOf('Loan tenure in days');
    expect(tenure).toBeGreaterThan(-1);
    expect(transcript.indexOf('→ Review')).toBe(-1);
  });
});
