import { describe, expect, it } from 'vitest';
import type { StoredMessage } from '../../dev/slack-standin/index.ts';
import { ButtonRegistry } from '../../dev/shell/buttons.ts';
import { palette, wrapLine } from '../../dev/shell/colors.ts';
import { renderMrkdwn, type Names } from '../../dev/shell/mrkdwn.ts';
import { renderBlocks, renderMessage, type RenderContext } from '../../dev/shell/render.ts';

const plain = palette(false);
const names: Names = {
  user: (id) => ({ U01ASHA: 'asha', U02RAVI: 'ravi' })[id],
  channel: (id) => ({ C0COLLECT: 'collections' })[id],
  group: (id) => (id === 'S0COLLECT' ? 'collections' : undefined),
};

const field = (label: string, value: string) => ({ type: 'mrkdwn', text: `*${label}*\n${value}` });
const button = (text: string, action_id: string, value: string, style?: string) => ({
  type: 'button', text: { type: 'plain_text', text, emoji: true }, action_id, value, ...(style ? { style } : {}),
});

const summaryBlocks = [
  { type: 'header', text: { type: 'plain_text', text: 'Loan 1001 · Keval Gor', emoji: true } },
  { type: 'context', elements: [{ type: 'mrkdwn', text: 'Business Loan · HLPL' }] },
  { type: 'section', fields: [field('Applicant', 'Keval Gor'), field('Phone', 'XXXXXX7068'), field('Total loan amount', '₹2,68,500')] },
  { type: 'divider' },
  { type: 'section', text: { type: 'mrkdwn', text: '*Last contact*\nCall on 19 Nov — Will pay tomorrow' } },
  {
    type: 'actions',
    block_id: 'summary:1001',
    elements: [button('Record payment', 'summary_record_payment', '1001', 'primary'), button('Update loan', 'summary_update_loan', '1001')],
  },
  { type: 'context', elements: [{ type: 'mrkdwn', text: ':test_tube: *Sandbox lenders* · asked by <@U01ASHA>' }] },
];

function message(over: Partial<StoredMessage> = {}): StoredMessage {
  return { ts: '1700000000.000100', channel: 'C0COLLECT', text: 'Loan 1001 · Keval Gor', blocks: summaryBlocks as StoredMessage['blocks'], via: 'api', versions: [], bot_id: 'B0LOANBOT', ...over };
}

function numbered(registry: ButtonRegistry, m: StoredMessage): RenderContext {
  return { p: plain, names, number: (info) => registry.numberFor({ kind: 'message', channel: m.channel, ts: m.ts }, info) };
}

describe('renderBlocks', () => {
  it('renders a summary-like message: header, dim context, aligned fields, rule, numbered buttons', () => {
    const registry = new ButtonRegistry();
    const m = message();
    expect(renderBlocks(m.blocks, numbered(registry, m))).toEqual([
      'Loan 1001 · Keval Gor',
      'Business Loan · HLPL',
      'Applicant          Keval Gor',
      'Phone              XXXXXX7068',
      'Total loan amount  ₹2,68,500',
      '─'.repeat(60),
      'Last contact',
      'Call on 19 Nov — Will pay tomorrow',
      '[1] Record payment  [2] Update loan',
      '🧪 Sandbox lenders · asked by @asha',
    ]);
  });

  it('keeps a button’s number when its message is updated, and numbers new buttons after the others', () => {
    const registry = new ButtonRegistry();
    const m = message();
    renderBlocks(m.blocks, numbered(registry, m));
    const other = message({ ts: '1700000000.000200' });
    expect(renderBlocks(other.blocks, numbered(registry, other))).toContain('[3] Record payment  [4] Update loan');
    expect(renderBlocks(m.blocks, numbered(registry, m))).toContain('[1] Record payment  [2] Update loan');
    expect(registry.get(3)).toMatchObject({ actionId: 'summary_record_payment', value: '1001', place: { ts: '1700000000.000200' } });
  });

  it('styles with ANSI codes only when colours are on', () => {
    const lines = renderBlocks(summaryBlocks, { p: palette(true), names });
    expect(lines[0]).toBe('\u001b[1mLoan 1001 · Keval Gor\u001b[22m');
    expect(lines[1]).toContain('\u001b[2m');
    expect(lines[2]).toMatch(/^\u001b\[1mApplicant\u001b\[22m {10}Keval Gor$/);
  });
});

describe('renderMessage', () => {
  it('marks ephemeral and updated messages and indents the body', () => {
    const m = message({ ephemeralTo: 'U01ASHA', blocks: [], text: ':mag: Looking up loan *1001*…' });
    expect(renderMessage(m, { updated: true, deleted: false, currentUser: 'U01ASHA' }, { p: plain, names })).toEqual([
      'loanbot · #collections (only visible to you) (updated)',
      '  🔍 Looking up loan 1001…',
    ]);
  });

  it('indents a thread reply under a ↳ naming its parent', () => {
    const parent = message();
    const reply = message({ ts: '1700000000.000300', thread_ts: parent.ts, text: 'ok', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: ':white_check_mark: *Payment recorded in Credgenics*' } }] as StoredMessage['blocks'] });
    expect(renderMessage(reply, { updated: false, deleted: false, currentUser: 'U01ASHA', parent }, { p: plain, names })).toEqual([
      '  ↳ loanbot · #collections, in the thread of “Loan 1001 · Keval Gor”',
      '    ✔ Payment recorded in Credgenics',
    ]);
  });
});

describe('renderMrkdwn', () => {
  it('turns Slack markup into readable text', () => {
    expect(renderMrkdwn('*Bold* and _it_ for <@U02RAVI> in <#C0COLLECT|collections>, <!subteam^S0COLLECT>', plain, names)).toBe(
      'Bold and it for @ravi in #collections, @collections',
    );
    expect(renderMrkdwn('<https://example.com|the docs> &lt;b&gt; &amp; `*x*` :warning: :unknown_one:', plain, names)).toBe(
      'the docs (https://example.com) <b> & `*x*` ⚠ :unknown_one:',
    );
    expect(renderMrkdwn('a*b and 2*3*4 stay', plain, names)).toBe('a*b and 2*3*4 stay');
  });

  it('makes *bold* bold when colours are on', () => {
    expect(renderMrkdwn('say *hi*', palette(true), names)).toBe('say \u001b[1mhi\u001b[22m');
  });
});

describe('wrapLine', () => {
  it('wraps long lines at word boundaries, keeping the indentation and the box edge', () => {
    expect(wrapLine('  • 24 Nov: Will pay settlement amount tomorrow, says the borrower', 40)).toEqual([
      '  • 24 Nov: Will pay settlement amount',
      '    tomorrow, says the borrower',
    ]);
    expect(wrapLine(`│ ${palette(true).dim('The form appears here in a moment; close it if slow')}`, 30).map((l) => l.replace(/\u001b\[\d+m/g, ''))).toEqual([
      '│ The form appears here in a',
      '│   moment; close it if slow',
    ]);
    expect(wrapLine('short', 40)).toEqual(['short']);
  });
});
