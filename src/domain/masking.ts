/**
 * Masking of borrowers' PII for anything shown where others can see it.
 * Every function accepts messy input (spaces, dashes, empty strings) and never returns more than it should.
 */
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

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const PAN = /(?<![A-Za-z0-9])[A-Z]{5}-?\d{4}-?[A-Z](?![A-Za-z0-9])/gi;
/**
 * A run of digits with at most one space, dash or dot between any two (`97063 67068`, `9706 367 068`,
 * `1234-5678-9012`), maybe after `+` or `(+91)`, not glued to letters (a speed-post number like
 * `ED670494304IN` is not PII).
 */
const DIGIT_RUN = /(?<![A-Za-z0-9+])(?:\(\+?\d{1,3}\)[ -]?|\+)?\d(?:[ .-]?\d)*(?![A-Za-z0-9])/g;

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
  if (digits.length < 9) return run;
  const mobile = mobileDigits(digits);
  if (mobile) return maskPhone(mobile) ?? 'XXXXXXXXXX';
  if (digits.length === 12) return maskAadhaar(digits) ?? 'XXXX-XXXX-XXXX';
  return maskAccount(digits) ?? 'XXXX';
}

/**
 * Free text from the lender (remarks, call notes, SMS bodies, error messages) can carry PII too
 * (the docs' own sample SMS carries a phone number and an email). Mask what looks like it, in the ways
 * people in India write it: `97063 67068`, `+91-97063-67068`, `9706 367 068`, `09706367068`, Aadhaar
 * `1234 5678 9012`, PAN `abcpg1234k`, account numbers of 9–18 digits. Any run of 9 or more digits is
 * masked to its last four, so an unusual grouping errs towards masking.
 */
export function maskFreeText(text: string): string {
  return text
    .replace(EMAIL, (email) => maskEmail(email) ?? '***')
    .replace(PAN, (pan) => maskPan(pan) ?? 'XXXXXXXXXX')
    .replace(DIGIT_RUN, maskDigitRun);
}
