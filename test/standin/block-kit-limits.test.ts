import { describe, expect, it } from 'vitest';
import { checkMessage, checkView, messageErrorCode, NO_TEXT } from '../../dev/slack-standin/block-kit-limits.ts';

const s = (n: number, c = 'x'): string => c.repeat(n);
const plain = (text: string) => ({ type: 'plain_text' as const, text });
const md = (text: string) => ({ type: 'mrkdwn' as const, text });
const section = (text: string, extra: object = {}) => ({ type: 'section', text: md(text), ...extra });
const button = (actionId: string, text = 'Go', extra: object = {}) => ({ type: 'button', action_id: actionId, text: plain(text), ...extra });
const options = (n: number, textLen = 5) => Array.from({ length: n }, (_, i) => ({ text: plain(s(textLen)), value: `v${i}` }));
const modal = (extra: object = {}) => ({ type: 'modal', title: plain('Record payment'), blocks: [], ...extra });
const input = (blockId: string, element: object, extra: object = {}) => ({ type: 'input', block_id: blockId, label: plain('Amount'), element, ...extra });

describe('checkMessage', () => {
  const cases: Array<[string, Parameters<typeof checkMessage>[0], string | null]> = [
    ['plain text is fine', { text: 'hello' }, null],
    ['blocks without text are fine', { blocks: [section('hi')] }, null],
    ['needs text or blocks', { text: '' }, NO_TEXT],
    ['empty blocks and no text', { blocks: [] }, NO_TEXT],
    ['text at 40000 is fine', { text: s(40_000) }, null],
    ['text over 40000', { text: s(40_001) }, 'text: longer than 40000'],
    ['50 blocks is fine', { blocks: Array.from({ length: 50 }, () => ({ type: 'divider' })) }, null],
    ['51 blocks', { blocks: Array.from({ length: 51 }, () => ({ type: 'divider' })) }, 'blocks: 51 blocks, max 50'],
    ['section text 3000 ok', { blocks: [section(s(3000))] }, null],
    ['section text 3001', { blocks: [section(s(3001))] }, 'blocks[0].text.text: 3001 characters, max 3000'],
    ['empty section text', { blocks: [section('')] }, 'blocks[0].text.text: must not be empty'],
    ['section without text or fields', { blocks: [{ type: 'section' }] }, 'section needs text or fields'],
    ['10 fields ok', { blocks: [{ type: 'section', fields: Array.from({ length: 10 }, () => md('a')) }] }, null],
    ['11 fields', { blocks: [{ type: 'section', fields: Array.from({ length: 11 }, () => md('a')) }] }, 'fields: 11 fields, max 10'],
    ['field over 2000', { blocks: [{ type: 'section', fields: [md(s(2001))] }] }, 'fields[0].text: 2001 characters, max 2000'],
    ['header 150 ok', { blocks: [{ type: 'header', text: plain(s(150)) }] }, null],
    ['header 151', { blocks: [{ type: 'header', text: plain(s(151)) }] }, 'blocks[0].text.text: 151 characters, max 150'],
    ['header must be plain_text', { blocks: [{ type: 'header', text: md('hi') }] }, 'blocks[0].text.type: must be plain_text'],
    ['block_id 256', { blocks: [{ type: 'divider', block_id: s(256) }] }, 'block_id: 256 characters, max 255'],
    ['duplicate block_id', { blocks: [{ type: 'divider', block_id: 'a' }, { type: 'divider', block_id: 'a' }] }, 'duplicate block_id "a"'],
    ['same action_id in two blocks ok (Slack: unique within its block)', { blocks: [{ type: 'actions', block_id: 'a', elements: [button('pay')] }, { type: 'actions', block_id: 'b', elements: [button('pay')] }] }, null],
    ['duplicate action_id in one block', { blocks: [{ type: 'actions', elements: [button('pay'), button('pay')] }] }, 'duplicate action_id "pay"'],
    ['action_id 256', { blocks: [{ type: 'actions', elements: [button(s(256))] }] }, 'action_id: 256 characters, max 255'],
    ['button text 75 ok', { blocks: [{ type: 'actions', elements: [button('a', s(75))] }] }, null],
    ['button text 76', { blocks: [{ type: 'actions', elements: [button('a', s(76))] }] }, 'elements[0].text.text: 76 characters, max 75'],
    ['button value 2001', { blocks: [{ type: 'actions', elements: [button('a', 'Go', { value: s(2001) })] }] }, 'value: 2001 characters, max 2000'],
    ['button bad style', { blocks: [{ type: 'actions', elements: [button('a', 'Go', { style: 'green' })] }] }, 'unknown style green'],
    ['25 actions ok', { blocks: [{ type: 'actions', elements: Array.from({ length: 25 }, (_, i) => button(`b${i}`)) }] }, null],
    ['26 actions', { blocks: [{ type: 'actions', elements: Array.from({ length: 26 }, (_, i) => button(`b${i}`)) }] }, 'elements: 26 elements, max 25'],
    ['10 context elements ok', { blocks: [{ type: 'context', elements: Array.from({ length: 10 }, () => md('a')) }] }, null],
    ['11 context elements', { blocks: [{ type: 'context', elements: Array.from({ length: 11 }, () => md('a')) }] }, 'elements: 11 elements, max 10'],
    ['100 options ok', { blocks: [{ type: 'actions', elements: [{ type: 'static_select', action_id: 'sel', options: options(100) }] }] }, null],
    ['101 options', { blocks: [{ type: 'actions', elements: [{ type: 'static_select', action_id: 'sel', options: options(101) }] }] }, 'options: 101 options, max 100'],
    ['option text 76', { blocks: [{ type: 'actions', elements: [{ type: 'static_select', action_id: 'sel', options: options(1, 76) }] }] }, 'options[0].text.text: 76 characters, max 75'],
    ['overflow 6 options', { blocks: [{ type: 'actions', elements: [{ type: 'overflow', action_id: 'o', options: options(6) }] }] }, 'options: 6 options, max 5'],
    ['unknown block type', { blocks: [{ type: 'sektion', text: md('x') }] }, 'unknown block type sektion'],
  ];
  it.each(cases)('%s', (_name, msg, expected) => {
    const problems = checkMessage(msg);
    if (expected === null) expect(problems).toEqual([]);
    else expect(problems.join('\n')).toContain(expected);
  });

  it('maps problems to Slack error codes', () => {
    expect(messageErrorCode(checkMessage({}))).toBe('no_text');
    expect(messageErrorCode(checkMessage({ text: s(40_001) }))).toBe('msg_too_long');
    expect(messageErrorCode(checkMessage({ blocks: [section(s(3001))] }))).toBe('invalid_blocks');
  });
});

describe('checkView', () => {
  const cases: Array<[string, unknown, string | null]> = [
    ['minimal modal', modal(), null],
    ['home view', { type: 'home', blocks: [section('hi')] }, null],
    ['bad type', { type: 'dialog', blocks: [] }, 'must be modal or home'],
    ['modal needs title', { type: 'modal', blocks: [] }, 'view.title: is required'],
    ['title 24 ok', modal({ title: plain(s(24)) }), null],
    ['title 25', modal({ title: plain(s(25)) }), 'view.title.text: 25 characters, max 24'],
    ['submit 25', modal({ submit: plain(s(25)) }), 'view.submit.text: 25 characters, max 24'],
    ['close 25', modal({ close: plain(s(25)) }), 'view.close.text: 25 characters, max 24'],
    ['private_metadata 3000 ok', modal({ private_metadata: s(3000) }), null],
    ['private_metadata 3001', modal({ private_metadata: s(3001) }), 'private_metadata: 3001 characters, max 3000'],
    ['callback_id 256', modal({ callback_id: s(256) }), 'callback_id: 256 characters, max 255'],
    ['100 blocks ok', modal({ blocks: Array.from({ length: 100 }, () => ({ type: 'divider' })) }), null],
    ['101 blocks', modal({ blocks: Array.from({ length: 101 }, () => ({ type: 'divider' })) }), 'view.blocks: 101 blocks, max 100'],
    ['input needs submit', modal({ blocks: [input('amt', { type: 'plain_text_input', action_id: 'a' })] }), 'view.submit: is required'],
    ['input label 2001', modal({ submit: plain('Save'), blocks: [input('amt', { type: 'plain_text_input', action_id: 'a' }, { label: plain(s(2001)) })] }), 'label.text: 2001 characters, max 2000'],
    ['input without element', modal({ submit: plain('Save'), blocks: [{ type: 'input', label: plain('x') }] }), 'element: is required'],
    ['duplicate block_id in view', modal({ submit: plain('Save'), blocks: [input('a', { type: 'plain_text_input', action_id: 'x' }), input('a', { type: 'plain_text_input', action_id: 'y' })] }), 'duplicate block_id "a"'],
    ['radio 11 options', modal({ submit: plain('Save'), blocks: [input('r', { type: 'radio_buttons', action_id: 'r', options: options(11) })] }), 'options: 11 options, max 10'],
    ['bad initial_date', modal({ submit: plain('Save'), blocks: [input('d', { type: 'datepicker', action_id: 'd', initial_date: '25/11/2024' })] }), 'must be YYYY-MM-DD'],
  ];
  it.each(cases)('%s', (_name, view, expected) => {
    const problems = checkView(view);
    if (expected === null) expect(problems).toEqual([]);
    else expect(problems.join('\n')).toContain(expected);
  });

  it('reports every problem, not just the first', () => {
    const problems = checkView(modal({ title: plain(s(30)), private_metadata: s(4000), blocks: [section(s(3001))] }));
    expect(problems).toHaveLength(3);
  });
});
