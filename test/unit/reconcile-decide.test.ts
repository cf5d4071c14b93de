import { describe, expect, it } from 'vitest';
import { decide } from '../../src/usecases/reconcile-write.ts';

describe('deciding whether a payment was applied from the change in amount recovered', () => {
  it.each([
    ['alone, applied', 500, 500, [], 'applied'],
    ['alone, not applied', 0, 500, [], 'not_applied'],
    ['alone, something else changed it', 300, 500, [], 'unknown'],
    ['another of unknown fate, both applied', 1_200, 500, [700], 'applied'],
    ['another of unknown fate applied, this not', 700, 500, [700], 'not_applied'],
    ['this applied, the other not', 500, 500, [700], 'applied'],
    ['two of the same amount: cannot tell which', 500, 500, [500], 'unknown'],
    ['three, one combination only', 1_800, 500, [600, 700], 'applied'],
  ] as const)('%s', (_name, change, mine, uncertain, expected) => {
    expect(decide(change, mine, uncertain)).toBe(expected);
  });
});
