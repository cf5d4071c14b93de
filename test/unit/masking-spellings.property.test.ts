/**
 * PII in the less common spellings a lender's text (or a person) may use is masked too, in Slack and in the
 * logs: groups split by a no-break, narrow, thin or figure space, an en or em dash or a slash; a zero-width
 * space or soft hyphen inside; fullwidth or Devanagari (or other Indian) digits; URL-encoded (`tel%3A%2B91…`);
 * PAN as `ABCPG 1234 K`; emails written `(at)`, `[at] … [dot]`, `＠`, `%40`, `a @ b.com`.
 * What a reader would take for the number is checked: the masked text, read back as a person reads it.
 */
import { Writable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskFreeText } from '../../src/domain/masking.ts';
import { createLogger } from '../../src/log.ts';
import { asRead, readAddresses, readDigits } from '../fixtures/pii-spellings.ts';

const digit = fc.constantFrom(...'0123456789'.split(''));
const digits = (n: number) => fc.array(digit, { minLength: n, maxLength: n }).map((d) => d.join(''));
const words = fc.array(fc.constantFrom('Will pay', 'call', 'on', 'Promise to Pay:', 'rang', 'said', 'wife', '₹34,500', 'tomorrow', '—', '(', ')', ':', ',', 'फ़ोन', 'कल'), { maxLength: 6 }).map((w) => w.join(' '));
const inText = (pii: fc.Arbitrary<{ written: string; secret: string }>) =>
  fc.tuple(words, pii, words).map(([before, p, after]) => ({ ...p, text: `${before} ${p.written} ${after}` }));

const onlyDigits = readDigits;

function group(value: string, sizes: readonly number[], sep: string): string {
  const out: string[] = [];
  let at = 0;
  for (const size of sizes) {
    out.push(value.slice(at, at + size));
    at += size;
  }
  return out.join(sep);
}

const SEPARATORS = ['\u00A0', '\u202F', '\u2009', '\u2007', '–', '—', '/', ' – ', ' / ', '\u00A0-\u00A0'];
const separator = fc.constantFrom(...SEPARATORS);
/** A zero-width space, soft hyphen, word joiner or BOM put inside a number. */
const invisible = fc.constantFrom('\u200B', '\u00AD', '\u2060', '\uFEFF', '\u200C');

/** The ASCII digits of `text` in another script: fullwidth, Devanagari, Bengali, Gujarati, Gurmukhi, Tamil, Telugu, Kannada, Malayalam, Arabic-Indic. */
const script = fc.constantFrom(0xff10, 0x0966, 0x09e6, 0x0ae6, 0x0a66, 0x0be6, 0x0c66, 0x0ce6, 0x0d66, 0x0660);
const inScript = (text: string, zero: number) => text.replace(/\d/g, (d) => String.fromCodePoint(zero + Number(d)));

/** Puts `mark` after the character at each of `positions` (mod the length). */
function sprinkle(text: string, mark: string, positions: readonly number[]): string {
  const chars = [...text];
  for (const p of [...positions].sort((a, b) => b - a)) chars.splice((p % (chars.length - 1)) + 1, 0, mark);
  return chars.join('');
}

/** One of the odd spellings of a number written with ASCII digits and plain separators. */
const oddly = (plain: fc.Arbitrary<{ number: string; sizes: readonly number[]; prefix: string }>) =>
  fc
    .tuple(plain, fc.constantFrom('separator', 'invisible', 'script', 'url', 'mixed'), separator, invisible, script, fc.array(fc.nat(), { minLength: 1, maxLength: 3 }))
    .map(([{ number, sizes, prefix }, how, sep, mark, zero, positions]) => {
      const spaced = group(number, sizes, sizes.length > 1 ? sep : '');
      const written =
        how === 'separator'
          ? `${prefix}${spaced}`
          : how === 'invisible'
            ? `${prefix}${sprinkle(number, mark, positions)}`
            : how === 'script'
              ? `${prefix}${inScript(group(number, sizes, ' '), zero)}`
              : how === 'url'
                ? `tel%3A${encodeURIComponent(`${prefix}${group(number, sizes, ' ')}`)}`
                : `${prefix}${sprinkle(inScript(spaced, zero), mark, positions)}`;
      return { written, secret: number };
    });

const mobile = fc.tuple(fc.constantFrom('6', '7', '8', '9'), digits(9)).map(([first, rest]) => first + rest);
const phoneForms = oddly(
  fc.record({ number: mobile, sizes: fc.constantFrom([10], [5, 5], [4, 3, 3], [3, 3, 4], [2, 4, 4]), prefix: fc.constantFrom('', '+91 ', '+91\u00A0', '+91–', '0', '(+91) ', '0091 ') }),
);
const aadhaarForms = oddly(
  fc.record({ number: fc.tuple(fc.constantFrom('2', '3', '4', '5', '6', '7', '8', '9'), digits(11)).map(([f, r]) => f + r), sizes: fc.constant([4, 4, 4]), prefix: fc.constant('') }),
);
const accountForms = oddly(
  fc.record({
    number: fc.tuple(fc.integer({ min: 11, max: 18 }), fc.constantFrom('1', '2', '3', '5')).chain(([length, first]) => digits(length - 1).map((rest) => first + rest)),
    sizes: fc.constantFrom([4, 4, 4, 6], [18], [3, 3, 3, 3, 6]),
    prefix: fc.constant(''),
  }),
);

const letter = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split(''));
const panForms = fc
  .tuple(fc.array(letter, { minLength: 5, maxLength: 5 }), digits(4), letter, fc.constantFrom(' ', '\u00A0', '–', '/', '\u200B', ' - '), fc.boolean())
  .map(([five, four, last, sep, fullwidth]) => {
    const pan = `${five.join('')}${sep}${four}${sep}${last}`;
    return { written: fullwidth ? pan.replace(/[A-Z0-9]/g, (c) => String.fromCodePoint(c.codePointAt(0)! + 0xfee0)) : pan, secret: `${five.join('')}${four}` };
  });

const local = fc.stringMatching(/^[a-z][a-z0-9._+-]{2,15}$/).filter((l) => !/[._+-]$/.test(l));
const AT = ['(at)', ' (at) ', '[at]', ' [at] ', ' {at} ', '＠', '%40', ' @ ', '@ ', ' AT ', ' [AT] '];
const emailForms = fc
  .tuple(local, fc.constantFrom(['gmail', 'com'], ['yahoo', 'co', 'in'], ['udaan', 'com']), fc.constantFrom(...AT), fc.constantFrom('.', ' (dot) ', '[dot]', ' [dot] ', ' dot '))
  // A bare "at" is taken for an email only with a spelled-out dot: "at home.Will pay" is not one.
  .filter(([, , at, dot]) => !(at === ' AT ' && dot.trim() === '.'))
  .map(([name, labels, at, dot]) => ({ written: `${name}${at}${labels.join(dot)}`, secret: name.slice(1) }));
const readAddress = readAddresses;

const RUNS = { numRuns: 400 };

describe('maskFreeText over the less common spellings of PII', () => {
  it('masks a mobile number with odd separators, invisible characters, other digits or URL-encoded', () => {
    fc.assert(
      fc.property(inText(phoneForms), ({ text, written, secret }) => {
        const masked = maskFreeText(text);
        expect(masked).not.toContain(written);
        expect(onlyDigits(masked)).not.toContain(secret.slice(0, 6));
        expect(masked).toContain(secret.slice(-4));
      }),
      RUNS,
    );
  });

  it('masks an Aadhaar number written so', () => {
    fc.assert(
      fc.property(inText(aadhaarForms), ({ text, secret }) => {
        expect(onlyDigits(maskFreeText(text))).not.toContain(secret.slice(0, 8));
      }),
      RUNS,
    );
  });

  it('masks an account number written so', () => {
    fc.assert(
      fc.property(inText(accountForms), ({ text, secret }) => {
        expect(onlyDigits(maskFreeText(text))).not.toContain(secret.slice(0, -4));
      }),
      RUNS,
    );
  });

  it('masks a PAN with spaces, dashes, slashes or invisible characters between its parts, or in fullwidth letters', () => {
    fc.assert(
      fc.property(inText(panForms), ({ text, secret }) => {
        expect(asRead(maskFreeText(text)).toUpperCase().replace(/[^A-Z0-9]/g, '')).not.toContain(secret);
      }),
      RUNS,
    );
  });

  it('masks an email written with (at), [at] … [dot], ＠, %40 or spaces around the @', () => {
    fc.assert(
      fc.property(inText(emailForms), ({ text, written, secret }) => {
        const masked = maskFreeText(text);
        expect(masked).not.toContain(written);
        expect(readAddress(masked).toLowerCase()).not.toContain(`${secret.toLowerCase()}@`);
      }),
      RUNS,
    );
  });

  it.each([
    ['Call 97063\u00A067068', 'XXXXXX7068'],
    ['Call ९७०६३६७०६८ now', 'XXXXXX7068'],
    ['Call ９７０６３６７０６８ now', 'XXXXXX7068'],
    ['Call 97063\u200B67068', 'XXXXXX7068'],
    ['Call 9706\u00AD367068', 'XXXXXX7068'],
    ['Call tel%3A%2B919706367068', 'XXXXXX7068'],
    ['Call 97063–67068 or 97063—67068', 'XXXXXX7068'],
    ['Aadhaar 1234\u00A05678\u00A09012', 'XXXX-XXXX-9012'],
    ['Aadhaar 1234–5678–9012', 'XXXX-XXXX-9012'],
    ['Aadhaar １２３４ ５６７８ ９０１２', 'XXXX-XXXX-9012'],
    ['PAN ABCPG 1234 K', 'XXXXX1234X'],
    ['mail keval(at)example.com', 'k***@example.com'],
    ['mail keval [at] example [dot] com', 'k***@example.com'],
    ['mail keval＠example.com', 'k***@example.com'],
    ['mail keval%40example.com', 'k***@example.com'],
    ['mail keval @ example.com', 'k***@example.com'],
    ['a/c 1127\u00A01000\u00A00058\u00A009', 'XXXX5809'],
  ])('%s → %s', (text, shown) => {
    expect(maskFreeText(text)).toContain(shown);
  });

  it('leaves text with no PII as it was written: dates with a time, Hindi, amounts in Devanagari digits, a URL', () => {
    for (const text of [
      'Paid on 05/07/2026 12:43 and 2026-11-23 12:43:11',
      'ग्राहक ने कहा कल ₹३४,५०० देंगे',
      'See https://example.com/a%20b?x=1 — ＡＢＣ',
      'Visit at 5 pm; the office is at Jodhpur',
    ]) {
      expect(maskFreeText(text)).toBe(text);
    }
  });
});

describe('the logs', () => {
  it('mask these spellings in a logged lender message and in the log message', () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'debug', destination: new Writable({ write: (chunk, _e, done) => (lines.push(String(chunk)), done()) }) });
    const said = 'borrower ९७०६३६७०६८ / 97063\u00A067068, Aadhaar 2345–6789–0123, PAN ABCPG 1234 K, keval [at] example [dot] com, tel%3A%2B919706367068';
    logger.warn({ err: Object.assign(new Error('Credgenics answered 500'), { lenderMessage: said }) }, `update failed: ${said}`);
    const out = lines.join('');
    expect(out).toContain('Credgenics answered 500');
    const read = JSON.parse(out) as { msg: string; err: { lenderMessage: string } };
    for (const text of [read.msg, read.err.lenderMessage]) {
      expect(onlyDigits(text)).not.toMatch(/970636|23456789/);
      expect(asRead(text).replace(/\W/g, '')).not.toContain('ABCPG1234');
      expect(readAddress(text)).not.toContain('keval@');
    }
  });
});
