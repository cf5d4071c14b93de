/**
 * Masking of borrowers' PII for anything shown where others can see it.
 * Every function accepts messy input (spaces, dashes, empty strings) and never returns more than it should.
 */
import { textAsRead } from './text-as-read.ts';

const digitsOf = (value: string) => value.replace(/\D/g, '');

/** Aadhaar: 12 digits → XXXX-XXXX-1234. */
export function maskAadhaar(value: string | null | undefined): string | undefined {
  const digits = digitsOf(value ?? '');
  if (!digits) return undefined;
  return `XXXX-XXXX-${digits.slice(-4).padStart(4, 'X')}`;
}

/** PAN: ABCPG1234K → XXXXX1234X (the four digits stay, letters go). Tolerates the docs' "ADJIY-3516-D". */
export function maskPan(value: string | null | undefined): string | undefined {
  const pan = (value ?? '').replace(/[^A-Za-z0-9]/g, '').toUpperCase();
  if (!pan) return undefined;
  const digits = pan.match(/\d{4}/)?.[0];
  return digits ? `XXXXX${digits}X` : 'XXXXXXXXXX';
}

/** Phone: keep the last four digits → XXXXXX5926. */
export function maskPhone(value: string | null | undefined): string | undefined {
  const digits = digitsOf(value ?? '');
  if (!digits) return undefined;
  return `XXXXXX${digits.slice(-4)}`;
}

/** Email: first letter of the local part and the domain → s***@gmail.com. */
export function maskEmail(value: string | null | undefined): string | undefined {
  const email = (value ?? '').trim();
  if (!email) return undefined;
  const at = email.lastIndexOf('@');
  if (at < 1) return '***';
  return `${email[0]}***${email.slice(at)}`;
}

/** Bank account numbers: last four digits → XXXX5809. */
export function maskAccount(value: string | null | undefined): string | undefined {
  const digits = (value ?? '').replace(/[^A-Za-z0-9]/g, '');
  if (!digits) return undefined;
  return `XXXX${digits.slice(-4)}`;
}

/** Date of birth: the year only. */
export function maskDob(value: string | null | undefined): string | undefined {
  const year = (value ?? '').match(/\b(19|20)\d{2}\b/)?.[0];
  return year ? `${year} (year only)` : undefined;
}

/** Between the parts of an email: `@` (`＠` and `%40` read as it), `(at)` `[at]` `{at}`, with spaces around or not. */
const AT = String.raw`[ \t]*(?:@|[(\[{<][ \t]*at[ \t]*[)\]}>])[ \t]*`;
const SPELLED_DOT = String.raw`[ \t]*[(\[{<][ \t]*dot[ \t]*[)\]}>][ \t]*|[ \t]+dot[ \t]+`;
const LABEL = '[A-Za-z0-9-]+';
/**
 * `name@domain.tld`, however its `@` and dots are spelled; a bare ` at ` only with a spelled-out dot
 * (`name at gmail dot com`: "at home.Will pay" is no address). Starts only where a run of address
 * characters starts, so a long word costs one try, not one per character.
 */
const EMAIL = new RegExp(
  String.raw`(?<![A-Za-z0-9._%+-])([A-Za-z0-9._%+-]+)(?:${AT}(${LABEL}(?:(?:\.|${SPELLED_DOT})${LABEL})*(?:\.|${SPELLED_DOT})[A-Za-z]{2,})|[ \t]+at[ \t]+(${LABEL}(?:(?:${SPELLED_DOT})${LABEL})+))(?![A-Za-z0-9])`,
  'gi',
);
/** The domain as an address has it: spelled-out dots as `.`. */
const SPELLED_DOTS = new RegExp(SPELLED_DOT, 'gi');
const domainOf = (written: string) => written.replace(SPELLED_DOTS, '.');

/** What may stand between the parts of a PAN: a dash, slash or dot (with spaces around or not), or spaces. */
const PAN_SEP = String.raw`(?:[ \t]*[-/.\u2010-\u2015][ \t]*|[ \t]+)`;
/** `ABCPG1234K`, `abcpg-1234-k`: in either case, compact or with dashes. */
const PAN = /(?<![A-Za-z0-9])[A-Z]{5}-?\d{4}-?[A-Z](?![A-Za-z0-9])/gi;
/** `ABCPG 1234 K`, `ABCPG / 1234 / K`: with spaces or other separators, in capitals only ("March 2026 I will pay" is no PAN). */
const SPACED_PAN = new RegExp(String.raw`(?<![A-Za-z0-9])[A-Z]{5}${PAN_SEP}?\d{4}${PAN_SEP}?[A-Z](?![A-Za-z0-9])`, 'g');

/** Between two digits of one number: a space, or a dot, dash (any of them), or slash with a space either side or not. */
const DIGIT_SEP = String.raw`(?:[ \t]?[-./\u2010-\u2015\u2212][ \t]?|[ \t])`;
/**
 * A run of digits with at most one separator between any two (`97063 67068`, `9706 367 068`, `1234–5678–9012`,
 * `1127/1000/0058/09`), maybe after `+` or `(+91)`, not glued to letters (a speed-post number like
 * `ED670494304IN` is not PII).
 */
const DIGIT_RUN = new RegExp(String.raw`(?<![A-Za-z0-9+])(?:\(\+?\d{1,3}\)[ \t]?|\+)?\d(?:${DIGIT_SEP}?\d)*(?![A-Za-z0-9])`, 'g');
/** A date, maybe with the hour after it (`05/07/2026 12` of `05/07/2026 12:43`, `2026-11-23 12`): not PII. */
const DAY = '(?:0?[1-9]|[12]\\d|3[01])';
const MONTH = '(?:0?[1-9]|1[0-2])';
const DATE_AND_HOUR = new RegExp(String.raw`^(?:${DAY}([-/.])${MONTH}\1(?:19|20)\d\d|(?:19|20)\d\d([-/.])${MONTH}\2${DAY})(?: (?:[01]?\d|2[0-3]))?$`);

/** The ten digits of an Indian mobile written with a country or trunk prefix (+91, 91, 0091, 0), else undefined. */
function mobileDigits(digits: string): string | undefined {
  for (const prefix of ['', '0', '91', '091', '0091']) {
    const rest = digits.slice(prefix.length);
    if (digits.startsWith(prefix) && rest.length === 10 && /^[6-9]/.test(rest)) return rest;
  }
  return undefined;
}

/** A run of 9 or more digits is a phone, an Aadhaar or an account number; shorter runs are amounts, dates, ids. */
function maskDigitRun(run: string): string {
  const digits = digitsOf(run);
  if (digits.length < 9 || DATE_AND_HOUR.test(run)) return run;
  const mobile = mobileDigits(digits);
  if (mobile) return maskPhone(mobile) ?? 'XXXXXXXXXX';
  if (digits.length === 12) return maskAadhaar(digits) ?? 'XXXX-XXXX-XXXX';
  return maskAccount(digits) ?? 'XXXX';
}

/** Cheap tests first: most text a log line carries has no `@` and no "at" between spaces or brackets, many no digit. */
const MAY_HOLD_EMAIL = /@|[([{<][ \t]*at|[ \t]at[ \t]/i;
const HAS_DIGIT = /\d/;

function maskRead(text: string): string {
  let out = text;
  if (MAY_HOLD_EMAIL.test(out)) {
    out = out.replace(EMAIL, (_all: string, name: string, domain: string | undefined, spelled: string | undefined) => `${name[0] ?? ''}***@${domainOf(domain ?? spelled ?? '')}`);
  }
  if (!HAS_DIGIT.test(out)) return out;
  return out
    .replace(PAN, (pan) => maskPan(pan) ?? 'XXXXXXXXXX')
    .replace(SPACED_PAN, (pan) => maskPan(pan) ?? 'XXXXXXXXXX')
    .replace(DIGIT_RUN, maskDigitRun);
}

/**
 * Free text from the lender (remarks, call notes, SMS bodies, error and success messages), or typed by a
 * person (a dismiss reason), can carry PII too (the docs' own sample SMS carries a phone number and an email).
 * Mask what looks like it, in the ways people in India write it: `97063 67068`, `+91-97063-67068`,
 * `9706 367 068`, `09706367068`, Aadhaar `1234 5678 9012`, PAN `abcpg1234k` or `ABCPG 1234 K`, account numbers
 * of 9–18 digits, emails with `(at)` and `[dot]`; and in the less common spellings too (text-as-read.ts):
 * odd spaces and dashes, invisible characters inside, fullwidth or Devanagari digits, percent-encoded. Any run
 * of 9 or more digits (not a date) is masked to its last four, so an unusual grouping errs towards masking.
 * Text with nothing to mask comes back exactly as written; text with something masked comes back as read.
 */
export function maskFreeText(text: string): string {
  const read = textAsRead(text);
  const masked = maskRead(read);
  return masked === read ? text : masked;
}
