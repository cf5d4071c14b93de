/**
 * The sandbox seed: realistic Indian collections data built relative to now() in the
 * sandbox time zone, so "this month" and "last month" are real allocation months.
 *
 * Lending: 1001 Keval Gor (docs sample, PII filled, Partially Recovered, DPD 91),
 * 1002 Shri Ram (Add Loan sample, Initiated, DPD 35), 1003 Raman Yadav (in legal, DPD 200),
 * 1004 Priya Nair (Closed with Settlement), 1005 Arif Khan (sparse, no defaults).
 * Credit line: customer 189004 Sri Ram with transactions 2001, 2002, 2003.
 */
import type { SandboxClock } from './clock.ts';
import type { CustomerRecord, LendingRecord } from './model.ts';
import { seedCreditLineCustomers } from './seed-credit-line.ts';
import { SeedTime } from './seed-fixtures.ts';
import { seedLendingLoans } from './seed-lending.ts';

export interface SeedData {
  lending: LendingRecord[];
  customers: CustomerRecord[];
}

export function buildSeed(clock: SandboxClock): SeedData {
  const time = new SeedTime(clock);
  return { lending: seedLendingLoans(time), customers: seedCreditLineCustomers(time) };
}
