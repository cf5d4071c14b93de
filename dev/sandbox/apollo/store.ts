/**
 * The sandbox's in-memory Apollo loans, seeded relative to now(). Seed loans:
 *   Tesst001      PL   Document Check Pending, created 1 day ago (the docs' example id)
 *   APL-ML-001    ML   Document Check Pending, created today, tenure "90"
 *   APL-EDI-001   EDI  Document Check Pending, created today
 *   APL-OLD-001   PL   Document Check Pending, created 5 days ago: past the 3-day window (400)
 *   APL-DISB-001  PL   Disbursed, created 1 day ago: not editable at this stage (400)
 *   1001          PL   Document Check Pending, created today (shares its id with Credgenics' sandbox)
 *   1002          ML   Document Check Pending, created today, tenure "180" (likewise)
 */
import { DAY_MS } from '../kit/clock.ts';
import { formatDmy } from './clock.ts';
import type { ApolloSandboxLoan } from './types.ts';

export const DOCUMENT_CHECK_PENDING = 'Document Check Pending';

interface SeedLoan {
  loanId: string;
  loanType: string;
  stage: string;
  createdDaysAgo: number;
  /** First EMI (or installment) this many days after disbursement. */
  firstAfterDays: number;
  tenure?: string;
  emi?: string;
  interest?: string;
}

const SEED: SeedLoan[] = [
  { loanId: 'Tesst001', loanType: 'PL', stage: DOCUMENT_CHECK_PENDING, createdDaysAgo: 1, firstAfterDays: 30 },
  {
    loanId: 'APL-ML-001',
    loanType: 'ML',
    stage: DOCUMENT_CHECK_PENDING,
    createdDaysAgo: 0,
    firstAfterDays: 30,
    tenure: '90',
    emi: '3650',
    interest: '950',
  },
  { loanId: 'APL-EDI-001', loanType: 'EDI', stage: DOCUMENT_CHECK_PENDING, createdDaysAgo: 0, firstAfterDays: 1 },
  { loanId: 'APL-OLD-001', loanType: 'PL', stage: DOCUMENT_CHECK_PENDING, createdDaysAgo: 5, firstAfterDays: 30 },
  { loanId: 'APL-DISB-001', loanType: 'PL', stage: 'Disbursed', createdDaysAgo: 1, firstAfterDays: 30 },
  { loanId: '1001', loanType: 'PL', stage: DOCUMENT_CHECK_PENDING, createdDaysAgo: 0, firstAfterDays: 30 },
  {
    loanId: '1002',
    loanType: 'ML',
    stage: DOCUMENT_CHECK_PENDING,
    createdDaysAgo: 0,
    firstAfterDays: 30,
    tenure: '180',
    emi: '1900',
    interest: '1400',
  },
];

function build(seed: SeedLoan, nowMs: number, timeZone: string): ApolloSandboxLoan {
  const createdAt = nowMs - seed.createdDaysAgo * DAY_MS;
  const firstKey = seed.loanType === 'EDI' ? 'first_installment_date' : 'first_emi_date';
  const info: Record<string, string> = {
    disbursement_date: formatDmy(createdAt, timeZone),
    [firstKey]: formatDmy(createdAt + seed.firstAfterDays * DAY_MS, timeZone),
  };
  if (seed.tenure) info.loan_tenure_in_days = seed.tenure;
  if (seed.emi) info.partner_computed_emi_amount = seed.emi;
  if (seed.interest) info.partner_computed_interest_amount = seed.interest;
  return { loanId: seed.loanId, loanType: seed.loanType, stage: seed.stage, createdAt, loanInformation: info, updates: 0 };
}

const copy = (loan: ApolloSandboxLoan): ApolloSandboxLoan => ({ ...loan, loanInformation: { ...loan.loanInformation } });

export class LoanStore {
  private readonly loans = new Map<string, ApolloSandboxLoan>();

  constructor(
    private readonly now: () => number,
    private readonly timeZone: string,
  ) {
    this.reset();
  }

  reset(): void {
    this.loans.clear();
    const nowMs = this.now();
    for (const seed of SEED) this.loans.set(seed.loanId, build(seed, nowMs, this.timeZone));
  }

  /** The stored loan itself (for the update route). */
  get(loanId: string): ApolloSandboxLoan | undefined {
    return this.loans.get(loanId);
  }

  /** A copy, for tests. */
  view(loanId: string): ApolloSandboxLoan | undefined {
    const loan = this.loans.get(loanId);
    return loan && copy(loan);
  }

  /** "Tesst001  PL · Document Check Pending · created 19/11/2026 · disbursement 19/11/2026 · first EMI 19/12/2026" */
  summaries(): Array<{ loanId: string; line: string }> {
    return [...this.loans.values()].map((loan) => {
      const info = loan.loanInformation;
      const first = info.first_installment_date
        ? `first installment ${info.first_installment_date}`
        : `first EMI ${info.first_emi_date ?? '?'}`;
      const tenure = info.loan_tenure_in_days ? ` · tenure ${info.loan_tenure_in_days} days` : '';
      const line =
        `${loan.loanId}  ${loan.loanType} · ${loan.stage} · created ${formatDmy(loan.createdAt, this.timeZone)}` +
        ` · disbursement ${info.disbursement_date ?? '?'} · ${first}${tenure}`;
      return { loanId: loan.loanId, line };
    });
  }
}
