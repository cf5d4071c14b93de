import { describe, expect, it } from 'vitest';
import { formatInr } from '../../src/domain/money.ts';
import { maskAadhaar, maskAccount, maskDob, maskEmail, maskFreeText, maskPan, maskPhone } from '../../src/domain/masking.ts';

describe('money', () => {
  it.each([
    [268500, '₹2,68,500'],
    [34500, '₹34,500'],
    [3450.5, '₹3,450.50'],
    [10000000, '₹1,00,00,000'],
    [0, '₹0'],
    [-1500, '-₹1,500'],
    [Number.NaN, '—'],
  ])('%s → %s', (amount, shown) => {
    expect(formatInr(amount)).toBe(shown);
  });
});

describe('masking', () => {
  it('masks each kind of PII as the team agreed', () => {
    expect(maskAadhaar('235498671293')).toBe('XXXX-XXXX-1293');
    expect(maskAadhaar('2354 9867 1293')).toBe('XXXX-XXXX-1293');
    expect(maskPan('ABCPG1234K')).toBe('XXXXX1234X');
    expect(maskPan('ADJIY-3516-D')).toBe('XXXXX3516X');
    expect(maskPhone('9805265926')).toBe('XXXXXX5926');
    expect(maskPhone('+91 98052 65926')).toBe('XXXXXX5926');
    expect(maskEmail('shriram@gmail.com')).toBe('s***@gmail.com');
    expect(maskEmail('no-at-sign')).toBe('***');
    expect(maskAccount('11271000005809')).toBe('XXXX5809');
    expect(maskDob('1992-03-23')).toBe('1992 (year only)');
  });

  it('shows nothing for empty values', () => {
    for (const mask of [maskAadhaar, maskPan, maskPhone, maskEmail, maskAccount, maskDob]) {
      expect(mask('')).toBeUndefined();
      expect(mask(null)).toBeUndefined();
    }
  });

  it('masks PII inside free text such as the docs’ sample SMS', () => {
    const sms = 'AR - Abhishek Gupta\nEmail id: abhishek.gupta1@udaan.com\nPhone number: 9513231633, PAN ABCPG1234K, Aadhaar 2354 9867 1293, a/c 11271000005809';
    const masked = maskFreeText(sms);
    expect(masked).not.toMatch(/9513231633|abhishek\.gupta1|ABCPG1234K|2354 9867 1293|11271000005809/);
    expect(masked).toContain('a***@udaan.com');
    expect(masked).toContain('XXXXXX1633');
    expect(masked).toContain('XXXX-XXXX-1293');
    expect(masked).toContain('XXXX5809');
  });
});
