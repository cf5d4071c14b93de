/**
 * Slack text for a terminal: mrkdwn `*bold*`, `_italic_`, `` `code` ``, `<@U…>` mentions, `<#C…>` channels,
 * `<url|label>` links, `&lt;`-style escapes and `:emoji:` shortcodes (a few as symbols, the rest left as is).
 */
import type { Palette } from './colors.ts';

/** Resolves Slack ids to the names a person knows. */
export interface Names {
  user(id: string): string | undefined;
  channel(id: string): string | undefined;
  group(id: string): string | undefined;
}

export const noNames: Names = { user: () => undefined, channel: () => undefined, group: () => undefined };

const EMOJI: Record<string, string> = {
  warning: '⚠',
  white_check_mark: '✔',
  heavy_check_mark: '✔',
  x: '✘',
  no_entry: '⛔',
  mag: '🔍',
  hourglass_flowing_sand: '⏳',
  hourglass: '⌛',
  rotating_light: '🚨',
  test_tube: '🧪',
  heavy_minus_sign: '—',
  information_source: 'ℹ',
  bell: '🔔',
  lock: '🔒',
  memo: '📝',
  moneybag: '💰',
  calendar: '📅',
  phone: '☎',
  email: '✉',
  arrows_counterclockwise: '↻',
  repeat: '↻',
  eyes: '👀',
  tada: '🎉',
  inbox_tray: '📥',
  octagonal_sign: '🛑',
};

/** `:warning:` → ⚠; unknown shortcodes stay as they are. */
export function emojify(text: string): string {
  return text.replace(/:([a-z0-9_+-]+):/g, (all, name: string) => EMOJI[name] ?? all);
}

function unescape(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** `<…>` tokens: mentions, channels, special mentions, dates and links. */
function angle(inner: string, p: Palette, names: Names): string {
  const [target = '', label] = inner.split('|', 2) as [string, string | undefined];
  if (target.startsWith('@')) {
    const id = target.slice(1);
    return p.bold(`@${names.user(id) ?? label ?? id}`);
  }
  if (target.startsWith('#')) {
    const id = target.slice(1);
    return p.bold(`#${names.channel(id) ?? label ?? id}`);
  }
  if (target.startsWith('!subteam^')) {
    const id = target.slice('!subteam^'.length);
    return p.bold(`@${names.group(id) ?? label?.replace(/^@/, '') ?? id}`);
  }
  if (target.startsWith('!date^')) return label ?? target;
  if (target.startsWith('!')) return p.bold(`@${target.slice(1)}`);
  const url = unescape(target);
  if (label === undefined || label === '' || label === url) return p.underline(url);
  return `${p.underline(unescape(label))} (${url})`;
}

/** Bold / italic / strike inside one stretch of text without code or links. */
function emphasis(text: string, p: Palette): string {
  return text
    .replace(/(^|[^\p{L}\p{N}*])\*(?=\S)([^*\n]*?\S)\*(?![\p{L}\p{N}*])/gu, (_all, pre: string, inner: string) => pre + p.bold(inner))
    .replace(/(^|[^\p{L}\p{N}_])_(?=\S)([^_\n]*?\S)_(?![\p{L}\p{N}_])/gu, (_all, pre: string, inner: string) => pre + p.italic(inner))
    .replace(/(^|[^\p{L}\p{N}~])~(?=\S)([^~\n]*?\S)~(?![\p{L}\p{N}~])/gu, (_all, pre: string, inner: string) => pre + p.dim(inner));
}

/** mrkdwn → terminal text. Markers disappear; with colours off the text is simply plain. */
export function renderMrkdwn(text: string, p: Palette, names: Names = noNames): string {
  const out: string[] = [];
  // Code spans and blocks first: nothing is formatted inside them.
  const parts = text.split(/(```[\s\S]*?```|`[^`\n]+`)/);
  for (const part of parts) {
    if (part.startsWith('```') && part.endsWith('```') && part.length >= 6) {
      out.push(p.cyan(unescape(part.slice(3, -3))));
      continue;
    }
    if (part.startsWith('`') && part.endsWith('`') && part.length >= 2) {
      out.push(p.enabled ? p.cyan(unescape(part.slice(1, -1))) : unescape(part));
      continue;
    }
    const pieces = part.split(/(<[^<>\n]+>)/);
    out.push(
      pieces
        .map((piece) => (piece.startsWith('<') && piece.endsWith('>') ? angle(piece.slice(1, -1), p, names) : unescape(emojify(emphasis(piece, p)))))
        .join(''),
    );
  }
  return out.join('');
}

/** A Block Kit text object (`plain_text` or `mrkdwn`) → terminal text. */
export function renderTextObject(obj: unknown, p: Palette, names: Names = noNames): string {
  if (typeof obj !== 'object' || obj === null) return '';
  const o = obj as Record<string, unknown>;
  const text = typeof o['text'] === 'string' ? o['text'] : '';
  return o['type'] === 'mrkdwn' ? renderMrkdwn(text, p, names) : emojify(text);
}
