/**
 * Terminal styling: plain ANSI, on only when stdout is a TTY and neither NO_COLOR nor --no-color says otherwise.
 * With colours off every style is the identity, so transcripts are plain text.
 */
import { stripVTControlCharacters } from 'node:util';

type Style = (text: string) => string;

export interface Palette {
  enabled: boolean;
  bold: Style;
  dim: Style;
  italic: Style;
  underline: Style;
  red: Style;
  green: Style;
  yellow: Style;
  blue: Style;
  magenta: Style;
  cyan: Style;
}

const ansi = (open: number, close: number): Style => (text) => (text === '' ? '' : `\u001b[${open}m${text}\u001b[${close}m`);
const plain: Style = (text) => text;

export function palette(enabled: boolean): Palette {
  if (!enabled) {
    return { enabled, bold: plain, dim: plain, italic: plain, underline: plain, red: plain, green: plain, yellow: plain, blue: plain, magenta: plain, cyan: plain };
  }
  return {
    enabled,
    bold: ansi(1, 22),
    dim: ansi(2, 22),
    italic: ansi(3, 23),
    underline: ansi(4, 24),
    red: ansi(31, 39),
    green: ansi(32, 39),
    yellow: ansi(33, 39),
    blue: ansi(34, 39),
    magenta: ansi(35, 39),
    cyan: ansi(36, 39),
  };
}

/** Colours only for a terminal, and never when NO_COLOR is set (to anything non-empty) or --no-color was given. */
export function wantsColor(opts: { isTTY: boolean; noColorFlag: boolean; noColorEnv: string | undefined }): boolean {
  return opts.isTTY && !opts.noColorFlag && !(opts.noColorEnv !== undefined && opts.noColorEnv !== '');
}

/** Display width, ignoring ANSI codes (every code point counts as one column; good enough for labels). */
export function visibleWidth(text: string): number {
  return Array.from(stripVTControlCharacters(text)).length;
}

export function padEnd(text: string, width: number): string {
  const missing = width - visibleWidth(text);
  return missing > 0 ? text + ' '.repeat(missing) : text;
}

export { stripVTControlCharacters as stripAnsi };

/**
 * Word-wraps a rendered line to `width` columns (ANSI codes take no room). Continuation lines keep the
 * line's indentation and box edge (`│ `), plus two spaces.
 */
export function wrapLine(line: string, width: number): string[] {
  if (width < 20 || visibleWidth(line) <= width) return [line];
  const lead = /^[ │]*(?:↳ )?/.exec(stripVTControlCharacters(line))?.[0] ?? '';
  const indent = `${lead.replace(/↳ $/, '  ')}  `;
  const spaces = /^ */.exec(line)?.[0] ?? '';
  const [first = '', ...words] = line.slice(spaces.length).split(' ');
  const out: string[] = [];
  let current = spaces + first;
  for (const word of words) {
    const candidate = `${current} ${word}`;
    if (visibleWidth(candidate) > width && visibleWidth(current) > indent.length) {
      out.push(current);
      current = indent + word;
    } else {
      current = candidate;
    }
  }
  out.push(current);
  return out;
}
