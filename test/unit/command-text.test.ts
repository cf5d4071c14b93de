import { describe, expect, it } from 'vitest';
import { parseLoanCommand } from '../../src/domain/command-text.ts';

describe('/loan text', () => {
  it.each([
    ['1001', { kind: 'lookup', loanId: '1001' }],
    ['  Tesst001 ', { kind: 'lookup', loanId: 'Tesst001' }],
    ['pay 1001', { kind: 'pay', loanId: '1001' }],
    ['PAY 1001', { kind: 'pay', loanId: '1001' }],
    ['update 2001', { kind: 'update', loanId: '2001' }],
    ['apollo Tesst001', { kind: 'apollo', loanId: 'Tesst001' }],
    ['history 1001', { kind: 'history', loanId: '1001' }],
    ['add', { kind: 'add' }],
    ['', { kind: 'help' }],
    ['help', { kind: 'help' }],
  ])('%j', (text, expected) => {
    expect(parseLoanCommand(text)).toEqual(expected);
  });

  it.each(['../../admin', '1001?x=1', '10/01', 'a'.repeat(51), '<!channel>', '-1001', 'pay', 'pay 1 2', 'frobnicate 1001', '1001 1002'])(
    'refuses %j with usage help and a reason',
    (text) => {
      const parsed = parseLoanCommand(text);
      expect(parsed.kind).toBe('help');
      expect(parsed).toHaveProperty('reason');
    },
  );
});
