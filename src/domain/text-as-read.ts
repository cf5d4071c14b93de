/**
 * Text as a person reads it, for the PII masker to look at (src/domain/masking.ts): percent-escapes decoded
 * (`tel%3A%2B91…`, `%40`), compatibility forms folded (NFKC: fullwidth `９` and `＠`, no-break, thin and
 * figure spaces become plain ones), every script's decimal digits as 0-9 (Devanagari `९`, Bengali, Tamil…),
 * and invisible format characters (zero-width space, soft hyphen, word joiner, BOM, bidi marks) and
 * variation selectors taken out. Plain ASCII with no `%` is returned as it is, at the cost of one test.
 */

/** Anything that could read differently once normalized: a non-ASCII character, or a percent-escape. */
const MAY_CHANGE = /[^\x00-\x7F]|%[0-9A-Fa-f]{2}/;
const PERCENT_ESCAPE = /%[0-9A-Fa-f]{2}/;
const PERCENT_RUN = /(?:%[0-9A-Fa-f]{2})+/g;
const NON_ASCII = /[^\x00-\x7F]/;
/** Format characters (Cf) and variation selectors: invisible, so they hide nothing from a reader. */
const INVISIBLE = /[\p{Cf}\uFE00-\uFE0F\u{E0100}-\u{E01EF}]/gu;
const OTHER_DIGIT = /(?![0-9])\p{Nd}/gu;
const IS_DIGIT = /^\p{Nd}$/u;

/** A run of percent-escapes decoded as UTF-8 (twice over for `%2540`); left as it is when it is not valid UTF-8. */
function decodePercents(text: string): string {
  let out = text;
  for (let pass = 0; pass < 2 && PERCENT_ESCAPE.test(out); pass++) {
    out = out.replace(PERCENT_RUN, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        return run;
      }
    });
  }
  return out;
}

const digitValues = new Map<string, string>();

/**
 * The value of a decimal digit of any script. Unicode keeps each script's digits as a run of ten code points
 * from 0 to 9 (some runs follow one another), so the digit's value is its distance from the run's start, mod 10.
 */
function asciiDigit(char: string): string {
  const known = digitValues.get(char);
  if (known !== undefined) return known;
  const code = char.codePointAt(0) ?? 0;
  let start = code;
  while (start > 0 && IS_DIGIT.test(String.fromCodePoint(start - 1))) start -= 1;
  const value = String((code - start) % 10);
  digitValues.set(char, value);
  return value;
}

export function textAsRead(text: string): string {
  if (!MAY_CHANGE.test(text)) return text;
  let out = text.includes('%') ? decodePercents(text) : text;
  if (NON_ASCII.test(out)) out = out.normalize('NFKC').replace(INVISIBLE, '').replace(OTHER_DIGIT, asciiDigit);
  return out;
}
