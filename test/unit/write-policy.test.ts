import { describe, expect, it } from 'vitest';
import { backoffFrom, DEFAULT_WRITE_POLICY, MAX_RETRY_AFTER_MS, nextTryAt } from '../../src/domain/write-policy.ts';

const NOW = 1_750_000_000_000;

describe('nextTryAt: when the outbox tries a failed write again', () => {
  it.each([
    ['first failure: the 20 s backoff', 1, {}, NOW + 20_000],
    ['second failure: the 60 s backoff', 2, {}, NOW + 60_000],
    ['Retry-After longer than the backoff wins', 1, { retryAfterMs: 90_000 }, NOW + 90_000],
    ['Retry-After shorter than the backoff: the backoff', 2, { retryAfterMs: 5_000 }, NOW + 60_000],
    ['Retry-After past the cap: the cap', 1, { retryAfterMs: 86_400_000 }, NOW + MAX_RETRY_AFTER_MS],
    ['a negative Retry-After counts as none', 1, { retryAfterMs: -5_000 }, NOW + 20_000],
    ['the settle window when it is later still', 1, { retryAfterMs: 90_000, settleAfter: NOW + 120_000 }, NOW + 120_000],
    ['Retry-After later than the settle window', 1, { retryAfterMs: 200_000, settleAfter: NOW + 120_000 }, NOW + 200_000],
  ] as const)('%s', (_label, attempt, failure, expected) => {
    expect(nextTryAt(DEFAULT_WRITE_POLICY, attempt, NOW, failure)).toBe(expected);
  });

  it('the cap is the policy’s own', () => {
    expect(nextTryAt({ backoffMs: () => 10, maxRetryAfterMs: 1_000 }, 1, NOW, { retryAfterMs: 60_000 })).toBe(NOW + 1_000);
  });
});

describe('backoffFrom: the waits between automatic tries', () => {
  it('takes the n-th wait after the n-th failure, and repeats the last', () => {
    const backoff = backoffFrom([500, 1_000]);
    expect([1, 2, 3, 7].map(backoff)).toEqual([500, 1_000, 1_000, 1_000]);
  });

  it('the default is 20 s, then 60 s', () => {
    expect([1, 2, 3].map(DEFAULT_WRITE_POLICY.backoffMs)).toEqual([20_000, 60_000, 60_000]);
  });
});
