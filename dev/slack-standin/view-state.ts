/**
 * Building `view.state.values` the way Slack does: for each input element, the value the user chose,
 * else what they chose earlier (kept in the stored view), else the element's initial value, else empty.
 * Also the checks Slack's client does before it even sends a submission (required fields, lengths, numbers).
 */
import { interactiveElements, isObj, textOf, type FoundElement } from './blocks.ts';
import type { JsonObject, StateValue, StateValues, StoredView } from './types.ts';
import { findChannel, findUser, type Workspace } from './workspace.ts';

/** What a test or the shell types: a string, several strings (multi-selects, checkboxes), or null to clear. */
export type InputValue = string | string[] | null;

function options(el: JsonObject): JsonObject[] {
  const flat: JsonObject[] = [];
  if (Array.isArray(el['options'])) flat.push(...el['options'].filter(isObj));
  if (Array.isArray(el['option_groups'])) {
    for (const g of el['option_groups']) if (isObj(g) && Array.isArray(g['options'])) flat.push(...g['options'].filter(isObj));
  }
  return flat;
}

/** Matches an option by value, else by its text (case-insensitive). */
function pickOption(el: JsonObject, want: string): JsonObject {
  const all = options(el);
  const hit = all.find((o) => o['value'] === want) ?? all.find((o) => textOf(o['text']).toLowerCase() === want.toLowerCase());
  if (hit) return structuredClone(hit);
  if (String(el['type']).startsWith('external') || String(el['type']).startsWith('multi_external')) {
    return { text: { type: 'plain_text', text: want }, value: want };
  }
  const known = all.map((o) => `${String(o['value'])} (${textOf(o['text'])})`).join(', ');
  throw new Error(`slack-standin: no option "${want}" in ${String(el['type'])} ${String(el['action_id'])}; options: ${known}`);
}

const list = (v: InputValue): string[] => (v === null ? [] : Array.isArray(v) ? v : [v]);
const one = (v: InputValue): string | null => (v === null ? null : Array.isArray(v) ? (v[0] ?? null) : v);

function userId(ws: Workspace, ref: string): string {
  return findUser(ws, ref)?.id ?? ref;
}
function channelId(ws: Workspace, ref: string): string {
  return findChannel(ws, ref)?.id ?? ref;
}

/** The state entry for `el` after the user entered `v`. Throws when `v` does not fit the element. */
export function stateValueFor(ws: Workspace, el: JsonObject, v: InputValue): StateValue {
  const type = String(el['type']);
  switch (type) {
    case 'plain_text_input':
    case 'email_text_input':
    case 'url_text_input':
    case 'number_input':
      return { type, value: one(v) };
    case 'static_select':
    case 'external_select':
    case 'radio_buttons':
    case 'overflow': {
      const s = one(v);
      return { type, selected_option: s === null ? null : pickOption(el, s) };
    }
    case 'multi_static_select':
    case 'multi_external_select':
    case 'checkboxes':
      return { type, selected_options: list(v).map((x) => pickOption(el, x)) };
    case 'datepicker': {
      const d = one(v);
      if (d !== null && !/^\d{4}-\d{2}-\d{2}$/.test(d)) throw new Error(`slack-standin: datepicker wants YYYY-MM-DD, got "${d}"`);
      return { type, selected_date: d };
    }
    case 'timepicker':
      return { type, selected_time: one(v) };
    case 'datetimepicker': {
      const d = one(v);
      return { type, selected_date_time: d === null ? null : /^\d+$/.test(d) ? Number(d) : Math.floor(Date.parse(d) / 1000) };
    }
    case 'users_select':
      return { type, selected_user: one(v) === null ? null : userId(ws, one(v) as string) };
    case 'multi_users_select':
      return { type, selected_users: list(v).map((x) => userId(ws, x)) };
    case 'conversations_select':
      return { type, selected_conversation: one(v) === null ? null : channelId(ws, one(v) as string) };
    case 'multi_conversations_select':
      return { type, selected_conversations: list(v).map((x) => channelId(ws, x)) };
    case 'channels_select':
      return { type, selected_channel: one(v) === null ? null : channelId(ws, one(v) as string) };
    case 'multi_channels_select':
      return { type, selected_channels: list(v).map((x) => channelId(ws, x)) };
    case 'file_input': {
      const ids = list(v);
      const max = typeof el['max_files'] === 'number' ? el['max_files'] : 10;
      if (ids.length > max) throw new Error(`slack-standin: this file_input takes at most ${max} file(s)`);
      return { type, files: ids.map((id) => ({ id })) };
    }
    case 'rich_text_input': {
      const t = one(v);
      return {
        type,
        rich_text_value: { type: 'rich_text', elements: t ? [{ type: 'rich_text_section', elements: [{ type: 'text', text: t }] }] : [] },
      };
    }
    default:
      throw new Error(`slack-standin: cannot enter a value into a ${type} element`);
  }
}

/** The state entry Slack reports for an element the user has not touched. */
export function initialStateValue(el: JsonObject): StateValue {
  const type = String(el['type']);
  const has = (k: string): boolean => el[k] !== undefined;
  switch (type) {
    case 'plain_text_input':
    case 'email_text_input':
    case 'url_text_input':
    case 'number_input':
      return { type, value: has('initial_value') ? String(el['initial_value']) : null };
    case 'static_select':
    case 'external_select':
    case 'radio_buttons':
      return { type, selected_option: has('initial_option') ? structuredClone(el['initial_option']) : null };
    case 'multi_static_select':
    case 'multi_external_select':
    case 'checkboxes':
      return { type, selected_options: Array.isArray(el['initial_options']) ? structuredClone(el['initial_options']) : [] };
    case 'datepicker':
      return { type, selected_date: has('initial_date') ? el['initial_date'] : null };
    case 'timepicker':
      return { type, selected_time: has('initial_time') ? el['initial_time'] : null };
    case 'datetimepicker':
      return { type, selected_date_time: has('initial_date_time') ? el['initial_date_time'] : null };
    case 'users_select':
      return { type, selected_user: has('initial_user') ? el['initial_user'] : null };
    case 'multi_users_select':
      return { type, selected_users: Array.isArray(el['initial_users']) ? [...el['initial_users']] : [] };
    case 'conversations_select':
      return { type, selected_conversation: has('initial_conversation') ? el['initial_conversation'] : null };
    case 'multi_conversations_select':
      return { type, selected_conversations: Array.isArray(el['initial_conversations']) ? [...el['initial_conversations']] : [] };
    case 'channels_select':
      return { type, selected_channel: has('initial_channel') ? el['initial_channel'] : null };
    case 'multi_channels_select':
      return { type, selected_channels: Array.isArray(el['initial_channels']) ? [...el['initial_channels']] : [] };
    case 'file_input':
      return { type, files: [] };
    case 'rich_text_input':
      return { type, rich_text_value: has('initial_value') ? el['initial_value'] : null };
    default:
      return { type };
  }
}

/** Input elements of a view, with the key a caller may use for each (block_id, else action_id). */
export function inputElements(view: StoredView): FoundElement[] {
  return interactiveElements(view.blocks).filter((e) => e.place === 'input');
}

export function findInput(view: StoredView, key: string): FoundElement | undefined {
  const inputs = inputElements(view);
  return inputs.find((e) => e.blockId === key) ?? inputs.find((e) => e.actionId === key);
}

/**
 * Full `state.values` for a view: stored state, overlaid with `values` (keyed by block_id or action_id),
 * with every input present (initial value when untouched). Throws on keys matching no input.
 */
export function buildStateValues(ws: Workspace, view: StoredView, values: Record<string, InputValue> = {}): StateValues {
  const out: StateValues = structuredClone(view.state.values);
  for (const e of inputElements(view)) {
    const block = (out[e.blockId] ??= {});
    block[e.actionId] ??= initialStateValue(e.element);
  }
  for (const [key, v] of Object.entries(values)) {
    const e = findInput(view, key);
    if (!e) {
      const keys = inputElements(view).map((x) => `${x.blockId}/${x.actionId}`).join(', ');
      throw new Error(`slack-standin: no input "${key}" in view ${view.callback_id || view.id}; inputs: ${keys}`);
    }
    (out[e.blockId] ??= {})[e.actionId] = stateValueFor(ws, e.element, v);
  }
  return out;
}

function isEmpty(s: StateValue | undefined): boolean {
  if (!s) return true;
  for (const [k, v] of Object.entries(s)) {
    if (k === 'type' || k === 'timezone') continue;
    if (v === null || v === '' || (Array.isArray(v) && v.length === 0)) return true;
    if (k === 'rich_text_value' && isObj(v) && Array.isArray(v['elements']) && v['elements'].length === 0) return true;
    return false;
  }
  return true;
}

/** What Slack's client refuses before sending a submission, keyed by block_id (Slack's wording). */
export function clientSideErrors(view: StoredView, state: StateValues): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const e of inputElements(view)) {
    const s = state[e.blockId]?.[e.actionId];
    if (isEmpty(s)) {
      if (e.block['optional'] !== true) errors[e.blockId] = 'Please complete this required field.';
      continue;
    }
    const value = typeof s?.['value'] === 'string' ? s['value'] : undefined;
    if (value === undefined) continue;
    const el = e.element;
    if (e.type === 'plain_text_input') {
      if (typeof el['min_length'] === 'number' && value.length < el['min_length']) errors[e.blockId] = `Must have at least ${el['min_length']} characters`;
      if (typeof el['max_length'] === 'number' && value.length > el['max_length']) errors[e.blockId] = `Must have at most ${el['max_length']} characters`;
    } else if (e.type === 'number_input') {
      const n = Number(value);
      const decimalOk = el['is_decimal_allowed'] === true;
      if (value.trim() === '' || !Number.isFinite(n) || (!decimalOk && !/^-?\d+$/.test(value.trim()))) errors[e.blockId] = decimalOk ? 'Enter a number' : 'Enter a whole number';
      else if (el['min_value'] !== undefined && n < Number(el['min_value'])) errors[e.blockId] = `Enter a number of at least ${String(el['min_value'])}`;
      else if (el['max_value'] !== undefined && n > Number(el['max_value'])) errors[e.blockId] = `Enter a number no greater than ${String(el['max_value'])}`;
    } else if (e.type === 'email_text_input' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) {
      errors[e.blockId] = 'Enter an email address';
    } else if (e.type === 'url_text_input' && !/^https?:\/\/\S+$/.test(value)) {
      errors[e.blockId] = 'Enter a URL';
    }
  }
  return errors;
}
