/**
 * A modal's input blocks as questions: label, "(optional)", hint, placeholder, numbered options, the current
 * value as the default, and the parsing of what was typed into the value `submitView` takes.
 */
import type { InputValue, StoredView, Workspace } from '../slack-standin/index.ts';
import { findChannel, findUser } from '../slack-standin/index.ts';
import { emojify } from './mrkdwn.ts';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const textOf = (v: unknown): string => (isObj(v) ? emojify(str(v['text'])) : '');

export interface FieldOption {
  text: string;
  value: string;
}

export interface Field {
  blockId: string;
  actionId: string;
  type: string;
  label: string;
  optional: boolean;
  hint: string;
  placeholder: string;
  options: FieldOption[];
  element: Obj;
}

const SINGLE = new Set(['static_select', 'external_select', 'radio_buttons']);
const MULTI = new Set(['multi_static_select', 'multi_external_select', 'checkboxes']);

function optionsOf(el: Obj): FieldOption[] {
  const raw: unknown[] = Array.isArray(el['options']) ? [...el['options']] : [];
  if (Array.isArray(el['option_groups'])) for (const g of el['option_groups']) if (isObj(g) && Array.isArray(g['options'])) raw.push(...g['options']);
  return raw.filter(isObj).map((o) => ({ text: textOf(o['text']), value: str(o['value']) }));
}

/** The view's input blocks, in order. */
export function inputFields(view: StoredView): Field[] {
  const out: Field[] = [];
  for (const b of view.blocks as unknown[]) {
    if (!isObj(b) || b['type'] !== 'input' || !isObj(b['element'])) continue;
    const el = b['element'];
    out.push({
      blockId: str(b['block_id']),
      actionId: str(el['action_id']),
      type: str(el['type']),
      label: textOf(b['label']),
      optional: b['optional'] === true,
      hint: textOf(b['hint']),
      placeholder: textOf(el['placeholder']),
      options: optionsOf(el),
      element: el,
    });
  }
  return out;
}

function userName(ws: Workspace, id: string): string {
  const u = findUser(ws, id);
  return u ? `@${u.name}` : id;
}
function channelName(ws: Workspace, id: string): string {
  const c = findChannel(ws, id);
  return c ? `#${c.name}` : id;
}

/** What the field holds now (what was submitted last, else its initial value), as the person would type it. */
export function currentValue(view: StoredView, f: Field, ws: Workspace): string | undefined {
  const state = view.state.values[f.blockId]?.[f.actionId];
  const el = f.element;
  const pick = (stateKey: string, initialKey: string): unknown => (state && stateKey in state ? state[stateKey] : el[initialKey]);
  const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
  switch (true) {
    case SINGLE.has(f.type): {
      const o = pick('selected_option', 'initial_option');
      return isObj(o) ? textOf(o['text']) || undefined : undefined;
    }
    case MULTI.has(f.type): {
      const list = pick('selected_options', 'initial_options');
      return Array.isArray(list) && list.length > 0 ? list.map((o) => (isObj(o) ? textOf(o['text']) : '')).join(', ') : undefined;
    }
    case f.type === 'datepicker':
      return text(pick('selected_date', 'initial_date'));
    case f.type === 'timepicker':
      return text(pick('selected_time', 'initial_time'));
    case f.type === 'users_select': {
      const id = text(pick('selected_user', 'initial_user'));
      return id && userName(ws, id);
    }
    case f.type === 'conversations_select' || f.type === 'channels_select': {
      const key = f.type === 'channels_select' ? 'channel' : 'conversation';
      const id = text(pick(`selected_${key}`, `initial_${key}`));
      return id && channelName(ws, id);
    }
    case f.type === 'rich_text_input':
      return undefined;
    default: {
      const v = pick('value', 'initial_value');
      return typeof v === 'number' ? String(v) : text(v);
    }
  }
}

/** The one-line question, e.g. `Date of default (optional; YYYY-MM-DD) [2025-01-05]: `. */
export function fieldPrompt(f: Field, current: string | undefined): string {
  const notes: string[] = [];
  if (f.optional) notes.push('optional');
  const choices = SINGLE.has(f.type) || MULTI.has(f.type);
  if (choices && f.options.length > 0 && current === undefined) notes.push(MULTI.has(f.type) ? `numbers, comma-separated` : `1-${f.options.length}`);
  else if (!choices && f.placeholder && current === undefined) notes.push(f.placeholder);
  if (f.type === 'datepicker') notes.push('YYYY-MM-DD');
  if (f.type === 'timepicker') notes.push('HH:MM');
  if (f.type === 'file_input') notes.push('upload <path>');
  if (f.type === 'users_select' || f.type === 'multi_users_select') notes.push('@name');
  if (f.type.includes('conversations') || f.type.includes('channels')) notes.push('#channel');
  const shown = current !== undefined ? ` [${current.length > 40 ? `${current.slice(0, 39)}…` : current}]` : '';
  return `  ${f.label}${notes.length ? ` (${notes.join('; ')})` : ''}${shown}: `;
}

/** Numbered options, several to a line: `1) Cash  2) Online  3) Cheque`. */
export function optionLines(f: Field, width: number): string[] {
  const items = f.options.map((o, i) => `${i + 1}) ${o.text}`);
  const lines: string[] = [];
  let line = '';
  for (const item of items) {
    if (line && line.length + 2 + item.length > width - 4) {
      lines.push(line);
      line = '';
    }
    line = line ? `${line}  ${item}` : item;
  }
  if (line) lines.push(line);
  return lines;
}

export type Parsed = { kind: 'keep' } | { kind: 'set'; value: InputValue } | { kind: 'invalid'; message: string };

function pickOption(f: Field, answer: string): FieldOption | undefined {
  if (/^\d+$/.test(answer)) {
    const byNumber = f.options[Number(answer) - 1];
    if (byNumber) return byNumber;
  }
  const lower = answer.toLowerCase();
  const exact = f.options.find((o) => o.text.toLowerCase() === lower || o.value.toLowerCase() === lower);
  if (exact) return exact;
  const starts = f.options.filter((o) => o.text.toLowerCase().startsWith(lower));
  return starts.length === 1 ? starts[0] : undefined;
}

function validDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** What an answer means for this field: keep the current value (Enter), a new value, `-` to clear, or a retry. */
export function parseAnswer(f: Field, answer: string, current: string | undefined, ws: Workspace): Parsed {
  const a = answer.trim();
  if (a === '') {
    if (current === undefined && !f.optional) return { kind: 'invalid', message: 'this field is required' };
    return { kind: 'keep' };
  }
  if (a === '-') return f.optional ? { kind: 'set', value: null } : { kind: 'invalid', message: 'this field is required; it cannot be cleared' };
  if (SINGLE.has(f.type)) {
    if (f.type === 'external_select') return { kind: 'set', value: a };
    const o = pickOption(f, a);
    return o ? { kind: 'set', value: o.value } : { kind: 'invalid', message: `choose 1-${f.options.length} or type an option` };
  }
  if (MULTI.has(f.type)) {
    const picked = a.split(',').map((x) => x.trim()).filter(Boolean).map((x) => pickOption(f, x));
    if (picked.some((o) => o === undefined)) return { kind: 'invalid', message: `choose from 1-${f.options.length}, comma-separated` };
    return { kind: 'set', value: picked.map((o) => (o as FieldOption).value) };
  }
  switch (f.type) {
    case 'datepicker':
      return validDate(a) ? { kind: 'set', value: a } : { kind: 'invalid', message: 'type a date as YYYY-MM-DD' };
    case 'timepicker':
      return /^([01]\d|2[0-3]):[0-5]\d$/.test(a) ? { kind: 'set', value: a } : { kind: 'invalid', message: 'type a time as HH:MM' };
    case 'users_select':
    case 'multi_users_select': {
      const refs = f.type === 'users_select' ? [a] : a.split(',').map((x) => x.trim()).filter(Boolean);
      const unknown = refs.find((r) => !findUser(ws, r));
      if (unknown) return { kind: 'invalid', message: `no user ${unknown} (try ${ws.users.map((u) => `@${u.name}`).join(', ')})` };
      return { kind: 'set', value: f.type === 'users_select' ? a : refs };
    }
    case 'conversations_select':
    case 'channels_select':
      return findChannel(ws, a) ? { kind: 'set', value: a } : { kind: 'invalid', message: `no channel ${a} (try ${ws.channels.filter((c) => !c.isIm).map((c) => `#${c.name}`).join(', ')})` };
    default:
      return { kind: 'set', value: a };
  }
}

/** Tab-completion candidates for a field's prompt. */
export function fieldCompletions(f: Field, ws: Workspace): string[] {
  if (f.options.length > 0) return f.options.map((o) => o.text);
  if (f.type.includes('users')) return ws.users.map((u) => `@${u.name}`);
  if (f.type.includes('conversations') || f.type.includes('channels')) return ws.channels.filter((c) => !c.isIm).map((c) => `#${c.name}`);
  return [];
}
