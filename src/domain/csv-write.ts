/**
 * Writing CSV for people to open in a spreadsheet: every cell quoted, quotes doubled, CRLF line ends,
 * a byte-order mark so Excel reads UTF-8 (₹), and a cell that a spreadsheet would run as a formula
 * (`=`, `+`, `-`, `@` first) prefixed with `'`, since the cells come from a file someone uploaded.
 */
const FORMULA = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | null | undefined, options: { guardFormulas?: boolean } = {}): string {
  let text = value === null || value === undefined ? '' : String(value);
  if ((options.guardFormulas ?? true) && FORMULA.test(text) && !/^-?\d+(\.\d+)?$/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

export function toCsv(rows: readonly (readonly (string | number | null | undefined)[])[], options: { delimiter?: string; bom?: boolean; guardFormulas?: boolean } = {}): string {
  const delimiter = options.delimiter ?? ',';
  const body = rows.map((row) => row.map((cell) => csvCell(cell, options)).join(delimiter)).join('\r\n');
  return `${options.bom === false ? '' : '\uFEFF'}${body}\r\n`;
}
