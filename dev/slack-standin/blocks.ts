/**
 * Walking stored Block Kit: filling in the block_id/action_id Slack assigns when the app leaves
 * them out, finding interactive elements, and flattening blocks to text (for matching and the shell).
 */
import { randomAlnum } from './ids.ts';
import type { JsonObject, SlackBlock } from './types.ts';

const ID_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

export const isObj = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

function withActionId(el: unknown): unknown {
  if (!isObj(el) || typeof el['type'] !== 'string') return el;
  if (el['type'] === 'image' || el['type'] === 'plain_text' || el['type'] === 'mrkdwn') return el;
  return el['action_id'] === undefined ? { ...el, action_id: randomAlnum(5, ID_CHARS) } : el;
}

/** Deep copy of `blocks` with Slack's generated ids filled in where the app gave none. */
export function withSlackIds(blocks: unknown): SlackBlock[] {
  if (!Array.isArray(blocks)) return [];
  return blocks.map((raw: unknown) => {
    if (!isObj(raw)) return raw as SlackBlock;
    const b: JsonObject = structuredClone(raw);
    if (b['block_id'] === undefined) b['block_id'] = randomAlnum(4, ID_CHARS);
    if (b['accessory'] !== undefined) b['accessory'] = withActionId(b['accessory']);
    if (b['element'] !== undefined) b['element'] = withActionId(b['element']);
    if (b['type'] === 'actions' && Array.isArray(b['elements'])) b['elements'] = b['elements'].map(withActionId);
    return b as unknown as SlackBlock;
  });
}

export interface FoundElement {
  block: JsonObject;
  blockId: string;
  element: JsonObject;
  actionId: string;
  type: string;
  /** Where the element sits: an actions block, a section accessory, or an input block. */
  place: 'actions' | 'accessory' | 'input';
}

/** Every interactive element in `blocks`, in order. */
export function interactiveElements(blocks: readonly unknown[]): FoundElement[] {
  const out: FoundElement[] = [];
  for (const raw of blocks) {
    if (!isObj(raw)) continue;
    const blockId = String(raw['block_id'] ?? '');
    const push = (el: unknown, place: FoundElement['place']): void => {
      if (!isObj(el) || typeof el['type'] !== 'string' || el['type'] === 'image') return;
      out.push({ block: raw, blockId, element: el, actionId: String(el['action_id'] ?? ''), type: el['type'], place });
    };
    if (raw['type'] === 'actions' && Array.isArray(raw['elements'])) raw['elements'].forEach((e) => push(e, 'actions'));
    if (raw['type'] === 'section') push(raw['accessory'], 'accessory');
    if (raw['type'] === 'input') push(raw['element'], 'input');
  }
  return out;
}

/** The `text` of a text object, or '' */
export function textOf(obj: unknown): string {
  return isObj(obj) && typeof obj['text'] === 'string' ? obj['text'] : '';
}

function elementText(el: unknown): string[] {
  if (!isObj(el)) return [];
  if (el['type'] === 'button') return [`[${textOf(el['text'])}]`];
  if (el['type'] === 'plain_text' || el['type'] === 'mrkdwn') return [textOf(el)];
  if (el['type'] === 'image') return [];
  const label = textOf(el['placeholder']) || String(el['type']);
  return [`[${label} ▾]`];
}

function richText(node: unknown): string {
  if (!isObj(node)) return '';
  if (typeof node['text'] === 'string') return node['text'];
  if (node['type'] === 'user') return `<@${String(node['user_id'])}>`;
  if (node['type'] === 'channel') return `<#${String(node['channel_id'])}>`;
  if (node['type'] === 'link') return String(node['url'] ?? '');
  return Array.isArray(node['elements']) ? node['elements'].map(richText).join('') : '';
}

/** One line per block, roughly what a person would read in Slack. */
export function blockLines(blocks: readonly unknown[]): string[] {
  const lines: string[] = [];
  for (const b of blocks) {
    if (!isObj(b)) continue;
    switch (b['type']) {
      case 'header':
      case 'section': {
        const parts = [textOf(b['text'])];
        if (Array.isArray(b['fields'])) parts.push(...b['fields'].map(textOf));
        parts.push(...elementText(b['accessory']));
        lines.push(parts.filter(Boolean).join(' | '));
        break;
      }
      case 'context':
      case 'actions':
        if (Array.isArray(b['elements'])) lines.push(b['elements'].flatMap(elementText).filter(Boolean).join(' '));
        break;
      case 'input':
        lines.push(`${textOf(b['label'])}: ${elementText(b['element']).join(' ')}`);
        break;
      case 'markdown':
        lines.push(String(b['text'] ?? ''));
        break;
      case 'rich_text':
        lines.push(richText(b));
        break;
      case 'divider':
        lines.push('---');
        break;
      default:
        break;
    }
  }
  return lines;
}

/** `text` plus everything readable in `blocks`, newline-separated: handy for `toContain` assertions. */
export function readableText(msg: { text?: string; blocks?: readonly unknown[] }): string {
  return [msg.text ?? '', ...blockLines(msg.blocks ?? [])].filter(Boolean).join('\n');
}
