/**
 * A bulk payments file, as bytes from Slack → header and data rows, or one clear reason it cannot be
 * read. Pure: the cells are read by bulk-row.ts with the payment modal's rules.
 *
 * Accepted: UTF-8 (a byte-order mark is fine), CRLF or LF, quoted cells, `,` or `;` between cells (the
 * header line decides), a header naming Credgenics' columns in any order, case, spaces and `_` ignored.
 * Row numbers are the ones a spreadsheet shows: the header is row 1, the first data row row 2.
 *
 * Every line counts toward the 10,000 rows, blank ones too, and reading a file has a time budget: the CSV
 * is read a slice at a time (csv-rows.ts), so a hostile file costs at most that and holds no one else up.
 */
import { readCsvRows } from './csv-rows.ts';

export const BULK_COLUMNS = [
  'loan_id',
  'amount_recovered',
  'final_status',
  'payment_method',
  'allocation_month',
  'date_of_default',
  'recovery_method',
  'closure_with',
  'payment_reference_number',
  'payment_mode',
  'client_customer_id',
] as const;

export type BulkColumn = (typeof BULK_COLUMNS)[number];

/**
 * Every row must say these; the others may be left out of the file. A blank `allocation_month` or
 * `date_of_default` is the loan's current default's, as the payment modal fills them in.
 */
export const REQUIRED_COLUMNS: readonly BulkColumn[] = ['loan_id', 'amount_recovered', 'final_status', 'payment_method'];

export const MAX_FILE_BYTES = 2 * 1024 * 1024;
export const MAX_DATA_ROWS = 10_000;
/** The longest loanbot spends reading one file (an honest 10,000-row file takes well under a second). */
export const READ_BUDGET_MS = 5_000;

/** When the *Read file* form is acked at the latest (from its arrival), and how long the file may take to read. */
export interface BulkReadTiming {
  ackWithinMs?: number;
  budgetMs?: number;
}

export interface BulkReadBudget {
  /** Default READ_BUDGET_MS. */
  budgetMs?: number;
  /** The clock the budget is measured with (default performance.now). */
  now?: () => number;
}
/** No honest cell is longer; a hostile one is refused before it is held. */
const MAX_RECORD_CHARS = 64 * 1024;

/** The header line people copy into their spreadsheet. */
export const HEADER_LINE = BULK_COLUMNS.join(',');

export interface BulkRecord {
  /** As a spreadsheet shows it: the header is row 1. */
  row: number;
  cells: Partial<Record<BulkColumn, string>>;
}

export type BulkFileResult =
  | { ok: true; columns: BulkColumn[]; records: BulkRecord[] }
  | { ok: false; reason: string };

const COLUMN_BY_KEY = new Map<string, BulkColumn>(BULK_COLUMNS.map((c) => [headerKey(c), c]));

/** `Loan ID`, `loan_id`, `LOANID` → `loanid`. */
export function headerKey(name: string): string {
  return name.replace(/^\uFEFF/, '').replace(/[\s_]+/g, '').toLowerCase();
}

export function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

/** Bytes → text, or why it is not a CSV loanbot can read. */
export function decodeBulkText(bytes: Uint8Array): { ok: true; text: string } | { ok: false; reason: string } {
  if (bytes.length === 0) return { ok: false, reason: 'The file is empty.' };
  if (bytes.length > MAX_FILE_BYTES) return { ok: false, reason: `The file is ${formatBytes(bytes.length)}; the most loanbot reads is ${formatBytes(MAX_FILE_BYTES)}. Split it into smaller files.` };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return { ok: false, reason: 'The file is not UTF-8 text. Save it from your spreadsheet as “CSV UTF-8”.' };
  }
  if (/[\u0000-\u0008\u000e-\u001f]/.test(text)) return { ok: false, reason: 'The file is not a CSV (it holds binary data). Save it from your spreadsheet as “CSV UTF-8”.' };
  const start = text.slice(0, 512).trimStart().toLowerCase();
  if (start.startsWith('<!doctype') || start.startsWith('<html') || start.startsWith('<?xml') || start.startsWith('<')) {
    return { ok: false, reason: 'Slack sent a web page instead of the file (loanbot may not have access to it). Upload the file again, or ask an admin to check loanbot’s `files:read` permission.' };
  }
  if (text.trim() === '') return { ok: false, reason: 'The file is empty.' };
  return { ok: true, text };
}

/** `;` when the header line uses it, `,` otherwise. */
function delimiterOf(text: string): ',' | ';' {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  const semicolons = firstLine.split(';').length - 1;
  const commas = firstLine.split(',').length - 1;
  return semicolons > commas ? ';' : ',';
}

const isBlank = (cells: string[]) => cells.every((c) => c.trim() === '');

export async function parseBulkFile(bytes: Uint8Array, budget: BulkReadBudget = {}): Promise<BulkFileResult> {
  const decoded = decodeBulkText(bytes);
  if (!decoded.ok) return decoded;
  return parseBulkText(decoded.text, budget);
}

const TOO_MANY_ROWS = `The file has more than ${MAX_DATA_ROWS.toLocaleString('en-IN')} rows (blank lines count too); split it into smaller files.`;

export async function parseBulkText(input: string, budget: BulkReadBudget = {}): Promise<BulkFileResult> {
  const text = input.replace(/^\uFEFF/, '');
  const read = await readCsvRows(
    Buffer.from(text, 'utf8'),
    { delimiter: delimiterOf(text), relax_column_count: true, relax_quotes: true, skip_empty_lines: false, max_record_size: MAX_RECORD_CHARS },
    { maxRecords: MAX_DATA_ROWS + 1, maxMs: budget.budgetMs ?? READ_BUDGET_MS, ...(budget.now ? { now: budget.now } : {}) },
  );
  if (!read.ok) {
    switch (read.problem) {
      case 'too_many_records':
        return { ok: false, reason: TOO_MANY_ROWS };
      case 'too_slow':
        return { ok: false, reason: 'The file took too long to read (it holds far more cells than a settlement file). Check it was saved from your spreadsheet as “CSV UTF-8”, or split it into smaller files.' };
      case 'malformed':
        return { ok: false, reason: `The file is not a CSV loanbot can read${read.line !== undefined ? ` (near line ${read.line})` : ''}: check the quotes around cells.` };
    }
  }
  return fileOfRows(read.rows);
}

/** The header read and each data row keyed by its column (the rows are at most MAX_DATA_ROWS + 1). */
function fileOfRows(rows: string[][]): BulkFileResult {
  const headerIndex = rows.findIndex((r) => !isBlank(r));
  if (headerIndex === -1) return { ok: false, reason: 'The file is empty.' };
  const header = rows[headerIndex]!;
  const columns: (BulkColumn | undefined)[] = [];
  const unknown: string[] = [];
  const seen = new Set<BulkColumn>();
  const twice: string[] = [];
  for (const name of header) {
    if (name.trim() === '') {
      columns.push(undefined);
      continue;
    }
    const column = COLUMN_BY_KEY.get(headerKey(name));
    if (!column) unknown.push(name.trim().slice(0, 40));
    else if (seen.has(column)) twice.push(column);
    else seen.add(column);
    columns.push(column && !twice.includes(column) ? column : undefined);
  }
  if (!seen.has('loan_id')) {
    return { ok: false, reason: `The file has no \`loan_id\` column. The first row must name the columns, e.g.\n\`${HEADER_LINE}\`` };
  }
  if (unknown.length > 0) {
    return { ok: false, reason: `Unknown column${unknown.length > 1 ? 's' : ''}: ${unknown.slice(0, 10).map((u) => `\`${u}\``).join(', ')}. The columns are Credgenics’ own: \`${HEADER_LINE}\`.` };
  }
  if (twice.length > 0) return { ok: false, reason: `The column${twice.length > 1 ? 's' : ''} ${twice.map((t) => `\`${t}\``).join(', ')} appear${twice.length > 1 ? '' : 's'} twice.` };
  const missing = REQUIRED_COLUMNS.filter((c) => !seen.has(c));
  if (missing.length > 0) return { ok: false, reason: `The file has no ${missing.map((m) => `\`${m}\``).join(', ')} column${missing.length > 1 ? 's' : ''}; every payment needs ${missing.length > 1 ? 'them' : 'it'}.` };

  const records: BulkRecord[] = [];
  for (let i = headerIndex + 1; i < rows.length; i++) {
    const cells = rows[i]!;
    if (isBlank(cells)) continue;
    const record: BulkRecord = { row: i + 1, cells: {} };
    columns.forEach((column, index) => {
      const value = cells[index];
      if (column && value !== undefined && value.trim() !== '') record.cells[column] = value.trim();
    });
    records.push(record);
  }
  if (records.length === 0) return { ok: false, reason: 'The file has a header but no rows of payments.' };
  return { ok: true, columns: columns.filter((c): c is BulkColumn => c !== undefined), records };
}
