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
const PAN = /\b[A-Z]{5}-?\d{4}-?[A-Z]\b/gi;
const AADHAAR = /\b\d{4}[ -]?\d{4}[ -]?\d{4}\b/g;
const LONG_NUMBER = /\b\d{9,18}\b/g;
const PHONE = /(?:\+91[ -]?)?\b[6-9]\d{9}\b/g;

/**
 * Free text from the lender (remarks, call notes, SMS bodies) can carry PII too
 * (the docs' own sample SMS carries a phone number and an email). Mask what looks like it.
 */
export function maskFreeText(text: string): string {
  return text
    .replace(EMAIL, (email) => maskEmail(email) ?? '***')
    .replace(PAN, (pan) => maskPan(pan) ?? 'XXXXXXXXXX')
    .replace(AADHAAR, (aadhaar) => maskAadhaar(aadhaar) ?? 'XXXX-XXXX-XXXX')
    .replace(PHONE, (phone) => maskPhone(phone) ?? 'XXXXXXXXXX')
    .replace(LONG_NUMBER, (number) => maskAccount(number) ?? 'XXXX');
}
