/**
 * Free text from a lender (remarks, call notes, error messages) is masked before anyone sees or logs it,
 * whichever way a phone, Aadhaar, PAN, email or account number is written in it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskFreeText } from '../../src/domain/masking.ts';

const digit = fc.constantFrom(...'0123456789'.split(''));
const digits = (n: number) => fc.array(digit, { minLength: n, maxLength: n }).map((d) => d.join(''));
/** Words around the PII, with no digits and no letters touching it. */
const words = fc.array(fc.constantFrom('Will pay', 'call', 'on', 'Promise to Pay:', 'rang', 'said', 'wife', '₹34,500', 'tomorrow', '—', '(', ')', ':', ','), { maxLength: 6 }).map((w) => w.join(' '));
const inText = (pii: fc.Arbitrary<{ written: string; secret: string }>) =>
  fc.tuple(words, pii, words).map(([before, p, after]) => ({ ...p, text: `${before} ${p.written} ${after}` }));

/** Splits `value` into groups of the given sizes joined by `sep`. */
function group(value: string, sizes: readonly number[], sep: string): string {
  const out: string[] = [];
  let at = 0;
  for (const size of sizes) {
    out.push(value.slice(at, at + size));
    at += size;
  }
  return out.join(sep);
}

const mobile = fc.tuple(fc.constantFrom('6', '7', '8', '9'), digits(9)).map(([first, rest]) => first + rest);
const phoneForms = fc
  .tuple(
    mobile,
    fc.constantFrom([10], [5, 5], [4, 3, 3], [3, 3, 4], [2, 4, 4], [4, 6]),
    fc.constantFrom(' ', '-', ''),
    fc.constantFrom('', '+91 ', '+91-', '+91', '91 ', '91', '0', '(+91) ', '0091 '),
  )
  .map(([number, sizes, sep, prefix]) => ({ written: `${prefix}${group(number, sizes, sep)}`, secret: number }));

const aadhaarForms = fc
  .tuple(fc.constantFrom('2', '3', '4', '5', '6', '7', '8', '9'), digits(11), fc.constantFrom(' ', '-', ''))
  .map(([first, rest, sep]) => ({ written: group(first + rest, [4, 4, 4], sep), secret: first + rest }));

const letter = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split(''));
const panForms = fc
  .tuple(fc.array(letter, { minLength: 5, maxLength: 5 }), digits(4), letter, fc.boolean(), fc.constantFrom('', '-'))
  .map(([five, four, last, lower, sep]) => {
    const pan = `${five.join('')}${sep}${four}${sep}${last}`;
    return { written: lower ? pan.toLowerCase() : pan, secret: `${five.join('')}${four}` };
  });

const local = fc.stringMatching(/^[a-z][a-z0-9._+-]{2,15}$/);
const emailForms = fc
  .tuple(local, fc.constantFrom('gmail.com', 'yahoo.co.in', 'udaan.com', 'mail.example.org'), fc.boolean())
  .map(([name, domain, upper]) => {
    const email = `${name}@${domain}`;
    return { written: upper ? email.toUpperCase() : email, secret: name.slice(1) };
  });

const accountForms = fc
  .tuple(fc.integer({ min: 9, max: 18 }), fc.constantFrom('1', '2', '3', '5'))
  .chain(([length, first]) => digits(length - 1).map((rest) => first + rest))
  .map((number) => ({ written: number, secret: number }));

const onlyDigits = (text: string) => text.replace(/\D/g, '');

describe('maskFreeText over the common Indian ways of writing PII', () => {
  it('masks a mobile number however it is written (97063 67068, +91-97063-67068, 9706 367 068, 09706367068…)', () => {
    fc.assert(
      fc.property(inText(phoneForms), ({ text, written, secret }) => {
        const masked = maskFreeText(text);
        expect(masked).not.toContain(written);
        expect(onlyDigits(masked)).not.toContain(secret.slice(0, 6));
        expect(masked).toContain(secret.slice(-4));
      }),
      { numRuns: 500 },
    );
  });

  it('masks an Aadhaar number (1234 5678 9012, 1234-5678-9012, 123456789012)', () => {
    fc.assert(
      fc.property(inText(aadhaarForms), ({ text, written, secret }) => {
        const masked = maskFreeText(text);
        expect(masked).not.toContain(written);
        expect(onlyDigits(masked)).not.toContain(secret.slice(0, 8));
      }),
      { numRuns: 300 },
    );
  });

  it('masks a PAN in either case, with or without dashes', () => {
    fc.assert(
      fc.property(inText(panForms), ({ text, written, secret }) => {
        const masked = maskFreeText(text);
        expect(masked).not.toContain(written);
        expect(masked.toUpperCase().replace(/-/g, '')).not.toContain(secret);
      }),
      { numRuns: 300 },
    );
  });

  it('masks an email address, upper or lower case', () => {
    fc.assert(
      fc.property(inText(emailForms), ({ text, written, secret }) => {
        const masked = maskFreeText(text);
        expect(masked).not.toContain(written);
        expect(masked.toLowerCase()).not.toContain(`${secret.toLowerCase()}@`);
      }),
      { numRuns: 300 },
    );
  });

  it('masks an account number of 9 to 18 digits', () => {
    fc.assert(
      fc.property(inText(accountForms), ({ text, written, secret }) => {
        const masked = maskFreeText(text);
        expect(masked).not.toContain(written);
        expect(onlyDigits(masked)).not.toContain(secret.slice(0, -4));
      }),
      { numRuns: 300 },
    );
  });

  it('leaves what is not PII alone: amounts, dates, times, tracking numbers', () => {
    const text = 'Paid ₹1,27,718 on 05/07/2026 at 12:43, DPD 91 days (91-120), speed post ED670494304IN, ref UTR412345678901';
    expect(maskFreeText(text)).toBe(text);
  });

  it.each([
    ['Call 97063 67068 tomorrow', 'XXXXXX7068'],
    ['Call +91-97063-67068 tomorrow', 'XXXXXX7068'],
    ['Call 9706 367 068 tomorrow', 'XXXXXX7068'],
    ['Call +91 9706367068 tomorrow', 'XXXXXX7068'],
    ['Call 09706367068 tomorrow', 'XXXXXX7068'],
    ['Aadhaar 1234 5678 9012 given', 'XXXX-XXXX-9012'],
    ['Aadhaar 1234-5678-9012 given', 'XXXX-XXXX-9012'],
  ])('%s → %s', (text, shown) => {
    expect(maskFreeText(text)).toContain(shown);
  });
});
