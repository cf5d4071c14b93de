import { describe, expect, it } from 'vitest';
import { defaultWorkspace, type StoredView } from '../../dev/slack-standin/index.ts';
import { palette } from '../../dev/shell/colors.ts';
import { formatLogEntry, LogBuffer, parseLogLine } from '../../dev/shell/logs.ts';
import { currentValue, fieldPrompt, inputFields, optionLines, parseAnswer } from '../../dev/shell/modal-fields.ts';

const ws = defaultWorkspace();
const opt = (text: string) => ({ text: { type: 'plain_text', text }, value: text });

function view(blocks: unknown[], values: StoredView['state']['values'] = {}): StoredView {
  return {
    id: 'V1', team_id: 'T', app_id: 'A', bot_id: 'B', user_id: 'U01ASHA', type: 'modal', title: { type: 'plain_text', text: 'Record payment' },
    submit: { type: 'plain_text', text: 'Review' }, blocks: blocks as StoredView['blocks'], callback_id: 'payment_form', private_metadata: '',
    external_id: '', notify_on_close: false, clear_on_close: false, hash: 'h1', root_view_id: 'V1', previous_view_id: null, state: { values },
  };
}

const form = view([
  { type: 'section', text: { type: 'mrkdwn', text: 'Loan *1001*' } },
  {
    type: 'input', block_id: 'amount', label: { type: 'plain_text', text: 'Amount recovered' }, hint: { type: 'plain_text', text: 'In ₹' },
    element: { type: 'plain_text_input', action_id: 'amount', placeholder: { type: 'plain_text', text: 'e.g. 34500' } },
  },
  {
    type: 'input', block_id: 'final_status', label: { type: 'plain_text', text: 'Final status' },
    element: { type: 'static_select', action_id: 'final_status', options: [opt('Partially Recovered'), opt('Closed')], initial_option: opt('Partially Recovered') },
  },
  {
    type: 'input', block_id: 'date_of_default', optional: true, label: { type: 'plain_text', text: 'Date of default' },
    element: { type: 'datepicker', action_id: 'date_of_default', initial_date: '2026-10-31' },
  },
]);

describe('modal fields', () => {
  it('asks each input with its label, optional mark, placeholder or format, and default', () => {
    const [amount, status, date] = inputFields(form);
    expect(inputFields(form).map((f) => f.blockId)).toEqual(['amount', 'final_status', 'date_of_default']);
    expect(fieldPrompt(amount!, currentValue(form, amount!, ws))).toBe('  Amount recovered (e.g. 34500): ');
    expect(fieldPrompt(status!, currentValue(form, status!, ws))).toBe('  Final status [Partially Recovered]: ');
    expect(fieldPrompt(date!, currentValue(form, date!, ws))).toBe('  Date of default (optional; YYYY-MM-DD) [2026-10-31]: ');
    expect(optionLines(status!, 100)).toEqual(['1) Partially Recovered  2) Closed']);
  });

  it('shows what was submitted last as the default', () => {
    const after = view(form.blocks, { amount: { amount: { type: 'plain_text_input', value: 'abc' } } });
    const [amount] = inputFields(after);
    expect(currentValue(after, amount!, ws)).toBe('abc');
  });

  it('reads answers: Enter keeps, - clears optional fields, numbers or text pick options, dates are checked', () => {
    const [amount, status, date] = inputFields(form);
    expect(parseAnswer(amount!, '', undefined, ws)).toEqual({ kind: 'invalid', message: 'this field is required' });
    expect(parseAnswer(amount!, ' 34500 ', undefined, ws)).toEqual({ kind: 'set', value: '34500' });
    expect(parseAnswer(status!, '', 'Partially Recovered', ws)).toEqual({ kind: 'keep' });
    expect(parseAnswer(status!, '2', 'Partially Recovered', ws)).toEqual({ kind: 'set', value: 'Closed' });
    expect(parseAnswer(status!, 'clo', 'Partially Recovered', ws)).toEqual({ kind: 'set', value: 'Closed' });
    expect(parseAnswer(status!, '7', 'Partially Recovered', ws).kind).toBe('invalid');
    expect(parseAnswer(status!, '-', 'Partially Recovered', ws).kind).toBe('invalid');
    expect(parseAnswer(date!, '-', '2026-10-31', ws)).toEqual({ kind: 'set', value: null });
    expect(parseAnswer(date!, '2026-02-30', '2026-10-31', ws)).toEqual({ kind: 'invalid', message: 'type a date as YYYY-MM-DD' });
    expect(parseAnswer(date!, '2026-02-28', '2026-10-31', ws)).toEqual({ kind: 'set', value: '2026-02-28' });
  });
});

describe('app log lines', () => {
  it('are pretty-printed compactly and errors are counted', () => {
    const buffer = new LogBuffer();
    const time = new Date(2026, 0, 5, 12, 1, 2).toISOString();
    buffer.push(`${JSON.stringify({ level: 30, time, app: 'loanbot', msg: 'credgenics answered', lender: 'credgenics', status: 200 })}\n{"level":50,"ti`);
    buffer.push(`me":"${time}","msg":"boom","err":{"type":"Error","message":"bad thing"}}\n`);
    expect(buffer.entries.map((e) => formatLogEntry(e, palette(false)))).toEqual([
      '12:01:02 INFO credgenics answered lender=credgenics status=200',
      '12:01:02 ERROR boom err="Error: bad thing"',
    ]);
    expect(buffer.errors).toHaveLength(1);
    expect(buffer.lastLenderDoneAt).toBeGreaterThan(0);
    expect(parseLogLine('not json').msg).toBe('not json');
  });
});
