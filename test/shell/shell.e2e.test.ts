/**
 * `npm run shell` end to end, as a child process: a script in, a transcript out, an exit status.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'loanbot-shell-test-'));
const children = new Set<ChildProcess>();
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runShell(args: string[], stdin?: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'dev/shell/main.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    // Never leave a shell behind, whatever happens to this test.
    const guard = setTimeout(() => child.kill('SIGKILL'), 60_000);
    children.add(child);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(guard);
      children.delete(child);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(stdin ?? '');
  });
}

const SCRIPT = `
# A lookup, the help, the sandbox loans
/loan 1001
help
loans

# Record payment from the summary's first button
click 1
# amount (wrong on purpose), final status, payment method
abc
1
Online
# date of default and allocation month: keep the defaults (a blank line is Enter in a modal)


# recovery method, closure with: none
-
-
# reference, payment mode
UTR7781
-
# the app rejects the amount inline: only that field is asked again
34500
# review step: confirm
y

# A lender fault, seen as a friendly message
fault credgenics 500
/loan 1002
`;

/** docs/shell.md's "When a write fails" transcript: a 500 on the sandbox's writes, a payment, the alert at once, then resolved. */
const FAILURE_FLOW = `
fault credgenics 500 writes
/loan pay 1001
34500

2




UTR7781

y
fault credgenics off
click 1
wait 6s
quit
`;

/** The text between two markers of the transcript (first occurrence of each, in order). */
function between(text: string, from: string, to: string): string {
  const start = text.indexOf(from);
  const end = text.indexOf(to, start + from.length);
  expect(start, `"${from}" in the transcript`).toBeGreaterThanOrEqual(0);
  expect(end, `"${to}" after "${from}"`).toBeGreaterThan(start);
  return text.slice(start, end);
}

describe('npm run shell', () => {
  it.concurrent('runs a script: lookup, help, a modal with an inline error fixed, review, confirmation, a lender fault', async () => {
    const file = join(dir, 'demo.txt');
    writeFileSync(file, SCRIPT);
    const run = await runShell(['--script', file]);
    const out = run.stdout;
    expect(run.stderr, out).toBe('');
    expect(run.code, out).toBe(0);
    expect(out).not.toContain('\u001b[');

    expect(out).toMatch(/sandbox lenders \(not real data\).*local Slack stand-in/);
    const lookup = between(out, '#collections @asha> /loan 1001', '#collections @asha> help');
    expect(lookup).toContain('(only visible to you)');
    expect(lookup).toContain('Loan 1001 · Keval Gor');
    expect(lookup).toMatch(/DPD +91 days/);
    expect(lookup).toContain('[1] Record payment  [2] Update loan  [3] Update in Apollo  [4] More');

    expect(between(out, '@asha> help', '@asha> loans')).toContain('fault credgenics 500|timeout|slow 5s|off');
    expect(between(out, '@asha> loans', '@asha> click 1')).toMatch(/1001 +Keval Gor/);

    const modal = between(out, '@asha> click 1', '@asha> fault credgenics 500');
    expect(modal).toContain('╭─ Record payment (modal)');
    expect(modal).toContain('Amount recovered (e.g. 34500): abc');
    expect(modal).toContain('1) Cash  2) Online  3) Cheque  4) Application  5) Bank Account Transfer  6) Payment Link');
    expect(modal).toContain('Final status [Partially Recovered]: 1');
    expect(modal).toMatch(/Date of default \(optional; YYYY-MM-DD\) \[\d{4}-\d{2}-\d{2}\]: \n/);
    const fix = between(modal, '✘ Amount recovered: Enter digits only', '→ Review');
    expect(fix).toContain('Amount recovered [abc]: 34500');
    expect(fix).not.toContain('Final status');
    const review = between(modal, 'You are about to record ₹34,500 on loan 1001', '→ Confirm');
    expect(review).toMatch(/Payment reference number +UTR7781/);
    expect(review).toContain('Submit (Confirm)? [Y/n/cancel, 1=Edit]: y');
    expect(modal).toMatch(/ {2}↳ loanbot · #collections, in the thread of “Loan 1001 · Keval Gor[^\n]*\n {4}✔ Payment recorded on loan 1001 in Credgenics/);
    expect(modal).toMatch(/loanbot · #collections \(updated\)/);

    const fault = out.slice(out.indexOf('@asha> fault credgenics 500'));
    expect(fault).toContain('Credgenics sandbox now answers HTTP 500');
    expect(fault).toContain('@asha> /loan 1002');
    expect(fault).toMatch(/\(only visible to you\)\n {2}⚠ Looking up loan 1002 in Credgenics failed: Credgenics had an internal error \(500\)/);
  }, 60_000);

  it.concurrent('reads piped stdin: switching user and channel, unknown input, quit', async () => {
    const run = await runShell([], ['as @ravi', 'in #loan-alerts', '/loan 9999', 'click 42', 'frobnicate', '/deploy', 'quit', 'loans'].join('\n'));
    const out = run.stdout;
    expect(run.code, `${out}\n${run.stderr}`).toBe(0);
    expect(out).toContain('#collections @asha> as @ravi');
    expect(out).toContain('now acting as @ravi');
    expect(out).toContain('#collections @ravi> in #loan-alerts');
    expect(out).toContain('#loan-alerts @ravi> /loan 9999');
    expect(out).toContain('Credgenics could not find loan 9999');
    expect(out).toMatch(/#loan-alerts @ravi> click 42\n {2}nothing to click yet/);
    expect(out).toContain('unknown command “frobnicate”: type help');
    expect(out).toContain('/deploy is not a loanbot command');
    expect(out).toContain('#loan-alerts @ravi> quit');
    expect(out).not.toContain('@ravi> loans');
  }, 60_000);

  it.concurrent('gives the sandbox users the roles it names, lists the Apollo loans and every subcommand', async () => {
    const run = await runShell([], ['help', 'loans', 'as @ravi', '/loan 1001', 'click 5', 'click 1', 'as @asha', 'quit'].join('\n'));
    const out = run.stdout;
    expect(run.code, `${out}\n${run.stderr}`).toBe(0);
    const help = between(out, '@asha> help', '@asha> loans');
    for (const sub of ['/loan <id>', '/loan pay <id>', '/loan update <id>', '/loan apollo <id>', '/loan history <id>', '/loan add', '/loan help']) expect(help).toContain(sub);
    const loans = between(out, '@asha> loans', '@asha> as @ravi');
    expect(loans).toMatch(/1001 +Keval Gor/);
    expect(loans).toContain('Apollo (/loan apollo <id>)');
    expect(loans).toMatch(/APL-ML-001 +ML/);
    const ravi = between(out, '@asha> as @ravi', '@ravi> as @asha');
    expect(ravi).toContain('viewer: looks loans up and reads history');
    expect(ravi).toContain('Loan 1001 · Keval Gor');
    // A viewer neither sees full personal details nor records payments.
    expect(ravi).toContain('only an agent (LOANBOT_AGENTS) can do that');
    expect(ravi).not.toContain('ABCPG1234K');
    expect(ravi).not.toContain('╭─ Record payment (modal)');
  }, 60_000);

  it.concurrent('shows docs/shell.md’s failure flow: the alert at once, to the second, with Retry now, which sends at once after a 500; resolved', async () => {
    const file = join(dir, 'failure-flow.txt');
    writeFileSync(file, FAILURE_FLOW);
    const run = await runShell(['--script', file]);
    const out = run.stdout;
    expect(run.stderr, out).toBe('');
    expect(run.code, out).toBe(0);
    expect(out).toContain('gets its final check 5 s later here (LOANBOT_SETTLE_WINDOW_MS; 120 s by default with npm start)');
    const failed = between(out, '@asha> /loan pay 1001', '@asha> fault credgenics off');
    expect(failed).toMatch(/Recording a payment on loan 1001 failed: Credgenics answered 500 at \d\d:\d\d:\d\d\. loanbot checks loan 1001 at \d\d:\d\d:\d\d/);
    expect(failed).not.toMatch(/attempt \d of \d/);
    expect(failed).toContain('[1] Retry now  [2] Dismiss');
    expect(failed).toContain('loanbot · #loan-alerts');
    // Retry now after a 500 checks the loan and sends at once: resolved before any time passes.
    const retried = between(out, '@asha> click 1', '@asha> wait 6s');
    expect(retried).toMatch(/loanbot · #collections \(updated\)\n {2}✔ Resolved: recording a payment on loan 1001 in Credgenics succeeded/);
    expect(retried).toContain('✔ Payment recorded on loan 1001 in Credgenics');
  }, 60_000);
});
