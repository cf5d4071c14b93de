/**
 * Block Kit → terminal lines: headers bold, section fields as an aligned label/value table, context dim,
 * dividers as a rule, buttons numbered `[1] Record payment  [2] Update loan`. Pure: no I/O, no state.
 */
import type { StoredMessage, StoredView } from '../slack-standin/index.ts';
import type { ElementInfo } from './buttons.ts';
import { padEnd, palette, visibleWidth, type Palette } from './colors.ts';
import { emojify, renderMrkdwn, renderTextObject, type Names } from './mrkdwn.ts';

export interface RenderContext {
  p: Palette;
  names: Names;
  /** The number to show for a clickable element; undefined shows it unnumbered. */
  number?: (info: ElementInfo) => number | undefined;
  /** Columns for rules; default 60. */
  width?: number;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const MAX_LABEL = 26;
const TEXT_INPUTS = new Set(['plain_text_input', 'number_input', 'email_text_input', 'url_text_input', 'rich_text_input']);

function optionTexts(el: Obj): string[] {
  const all: unknown[] = Array.isArray(el['options']) ? [...el['options']] : [];
  if (Array.isArray(el['option_groups'])) for (const g of el['option_groups']) if (isObj(g) && Array.isArray(g['options'])) all.push(...g['options']);
  return all.filter(isObj).map((o) => (isObj(o['text']) ? str(o['text']['text']) : ''));
}

/** One interactive element as `[n] Label`, numbered through the context when it can be clicked. */
function renderElement(el: unknown, blockId: string, ctx: RenderContext): string {
  if (!isObj(el)) return '';
  const { p } = ctx;
  const type = str(el['type']);
  if (type === 'image') return '';
  const placeholder = emojify(isObj(el['placeholder']) ? str(el['placeholder']['text']) : '');
  const label =
    type === 'button'
      ? emojify(isObj(el['text']) ? str(el['text']['text']) : '')
      : type === 'overflow'
        ? '⋯'
        : TEXT_INPUTS.has(type)
          ? `‹${placeholder || 'text'}›`
          : `${placeholder || type} ▾`;
  const info: ElementInfo = {
    label, type, actionId: str(el['action_id']), blockId, value: typeof el['value'] === 'string' ? el['value'] : undefined, options: optionTexts(el),
  };
  const n = ctx.number?.(info);
  const styled = el['style'] === 'primary' ? p.green(p.bold(label)) : el['style'] === 'danger' ? p.red(label) : p.bold(label);
  return n === undefined ? `[${styled}]` : `${p.cyan(`[${n}]`)} ${styled}`;
}

/** `*Label*\nValue` (how loanbot and most apps write fields) → label and value; anything else is all value. */
export function splitField(text: string): { label: string; value: string } {
  const m = /^\*([^*\n]+)\*\n([\s\S]*)$/.exec(text);
  return m ? { label: m[1] ?? '', value: m[2] ?? '' } : { label: '', value: text };
}

function fieldWidth(blocks: readonly unknown[]): number {
  let width = 0;
  for (const b of blocks) {
    if (!isObj(b) || b['type'] !== 'section' || !Array.isArray(b['fields'])) continue;
    for (const f of b['fields']) width = Math.max(width, visibleWidth(emojify(splitField(isObj(f) ? str(f['text']) : '').label)));
  }
  return Math.min(width, MAX_LABEL);
}

function renderFields(fields: unknown[], width: number, ctx: RenderContext): string[] {
  const lines: string[] = [];
  for (const f of fields) {
    if (!isObj(f)) continue;
    const { label, value } = f['type'] === 'mrkdwn' ? splitField(str(f['text'])) : { label: '', value: str(f['text']) };
    const render = (t: string) => (f['type'] === 'mrkdwn' ? renderMrkdwn(t, ctx.p, ctx.names) : emojify(t));
    const valueLines = render(value).split('\n');
    const head = label ? padEnd(ctx.p.bold(render(label)), width) : ' '.repeat(width);
    lines.push(`${head}  ${valueLines[0] ?? ''}`.trimEnd());
    for (const more of valueLines.slice(1)) lines.push(`${' '.repeat(width)}  ${more}`.trimEnd());
  }
  return lines;
}

function richText(node: unknown, names: Names): string {
  if (!isObj(node)) return '';
  switch (node['type']) {
    case 'text':
      return str(node['text']);
    case 'emoji':
      return emojify(`:${str(node['name'])}:`);
    case 'user':
      return `@${names.user(str(node['user_id'])) ?? str(node['user_id'])}`;
    case 'channel':
      return `#${names.channel(str(node['channel_id'])) ?? str(node['channel_id'])}`;
    case 'usergroup':
      return `@${names.group(str(node['usergroup_id'])) ?? str(node['usergroup_id'])}`;
    case 'link':
      return str(node['text']) || str(node['url']);
    case 'rich_text_list': {
      const items = Array.isArray(node['elements']) ? node['elements'] : [];
      return items.map((item) => `• ${richText(item, names)}`).join('\n');
    }
    case 'rich_text_quote':
      return richTextChildren(node, names).split('\n').map((l) => `> ${l}`).join('\n');
    default:
      return richTextChildren(node, names);
  }
}
const richTextChildren = (node: Obj, names: Names): string =>
  Array.isArray(node['elements']) ? node['elements'].map((e) => richText(e, names)).join(node['type'] === 'rich_text' ? '\n' : '') : '';

/** Lines for a list of blocks (a message's or a view's), without indentation. */
export function renderBlocks(blocks: readonly unknown[], ctx: RenderContext): string[] {
  const { p } = ctx;
  const width = fieldWidth(blocks);
  const lines: string[] = [];
  for (const b of blocks) {
    if (!isObj(b)) continue;
    const blockId = str(b['block_id']);
    switch (b['type']) {
      case 'header':
        lines.push(p.bold(renderTextObject(b['text'], p, ctx.names)));
        break;
      case 'section': {
        if (isObj(b['text'])) lines.push(...renderTextObject(b['text'], p, ctx.names).split('\n'));
        if (Array.isArray(b['fields'])) lines.push(...renderFields(b['fields'], width, ctx));
        const accessory = renderElement(b['accessory'], blockId, ctx);
        if (accessory) lines.push(accessory);
        break;
      }
      case 'context': {
        const parts = (Array.isArray(b['elements']) ? b['elements'] : [])
          .map((e) => (isObj(e) && e['type'] === 'image' ? '' : renderTextObject(e, p, ctx.names)))
          .filter(Boolean);
        if (parts.length) lines.push(...parts.join('  ').split('\n').map((l) => p.dim(l)));
        break;
      }
      case 'divider':
        lines.push(p.dim('─'.repeat(Math.min(ctx.width ?? 60, 60))));
        break;
      case 'actions': {
        const parts = (Array.isArray(b['elements']) ? b['elements'] : []).map((e) => renderElement(e, blockId, ctx)).filter(Boolean);
        if (parts.length) lines.push(parts.join('  '));
        break;
      }
      case 'input': {
        const label = renderTextObject(b['label'], p, ctx.names);
        lines.push(`${p.bold(label)}${b['optional'] === true ? p.dim(' (optional)') : ''}: ${renderElement(b['element'], blockId, ctx)}`);
        break;
      }
      case 'markdown':
        lines.push(...renderMrkdwn(str(b['text']), p, ctx.names).split('\n'));
        break;
      case 'rich_text':
        lines.push(...richText(b, ctx.names).split('\n'));
        break;
      case 'image':
        lines.push(p.dim(`[image: ${str(b['alt_text']) || 'picture'}]`));
        break;
      case 'video':
        lines.push(p.dim(`[video: ${isObj(b['title']) ? str(b['title']['text']) : 'video'}]`));
        break;
      default:
        break;
    }
  }
  return lines;
}

export interface MessageInfo {
  updated: boolean;
  deleted: boolean;
  currentUser: string;
  /** For thread replies: the parent, to say which thread. */
  parent?: StoredMessage | undefined;
}

/** A message: a header line (who, where, and markers) and its body indented under it. */
export function renderMessage(msg: StoredMessage, info: MessageInfo, ctx: RenderContext): string[] {
  const { p, names } = ctx;
  const who = msg.user !== undefined ? `@${names.user(msg.user) ?? msg.user}` : 'loanbot';
  const where = `#${names.channel(msg.channel) ?? msg.channel}`;
  const marks: string[] = [];
  if (msg.ephemeralTo !== undefined) marks.push(msg.ephemeralTo === info.currentUser ? 'only visible to you' : `only visible to @${names.user(msg.ephemeralTo) ?? msg.ephemeralTo}`);
  if (info.deleted) marks.push('deleted');
  else if (info.updated) marks.push('updated');
  const reply = msg.thread_ts !== undefined && msg.thread_ts !== msg.ts;
  const parentText = info.parent ? firstLine(info.parent, ctx) : undefined;
  const thread = reply ? `, in the thread of ${parentText ? `“${parentText}”` : 'an earlier message'}` : '';
  const head = `${p.bold(p.magenta(who))} ${p.dim('·')} ${where}${thread}${marks.map((m) => ` ${p.yellow(`(${m})`)}`).join('')}`;
  const body = info.deleted ? [] : msg.blocks.length > 0 ? renderBlocks(msg.blocks, ctx) : renderMrkdwn(msg.text, p, names).split('\n');
  const indent = reply ? '    ' : '  ';
  return [reply ? `  ↳ ${head}` : head, ...body.map((l) => (l === '' ? '' : indent + l))];
}

/** The message's text (or first block line), shortened, without styling: used to name a thread. */
function firstLine(msg: StoredMessage, ctx: RenderContext): string {
  const plain = palette(false);
  const text = (renderBlocks(msg.blocks, { p: plain, names: ctx.names })[0] ?? renderMrkdwn(msg.text, plain, ctx.names)).split('\n')[0] ?? '';
  const chars = Array.from(text.trim());
  return chars.length > 48 ? `${chars.slice(0, 47).join('')}…` : chars.join('');
}

/** A modal or Home tab in a box: title, then its blocks (input blocks left out when `skipInputs`). */
export function renderView(view: StoredView, ctx: RenderContext, opts: { skipInputs?: boolean; note?: string } = {}): string[] {
  const { p } = ctx;
  const title = view.type === 'home' ? 'Home' : emojify(view.title?.text ?? 'Modal');
  const blocks = opts.skipInputs ? view.blocks.filter((b) => !isObj(b) || b['type'] !== 'input') : view.blocks;
  const kind = view.type === 'home' ? 'app Home' : 'modal';
  const lines = [`╭─ ${p.bold(title)} ${p.dim(`(${kind})`)}`];
  for (const line of renderBlocks(blocks, ctx)) lines.push(`│ ${line}`);
  lines.push(`╰─${opts.note ? ` ${p.dim(opts.note)}` : ''}`);
  return lines;
}
