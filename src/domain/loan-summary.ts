/**
 * What a collections agent needs to see about a loan, as display-ready text with every piece of PII masked.
 * Pure: a Loan in, a LoanSummary out. Surfaces (Slack blocks, the shell) only lay it out.
 */
import { compareYearMonth, labelYearMonth, parseAllocationMonth } from './allocation-month.ts';
import { displayDate, displayDateTime, parseLenderDate } from './dates.ts';
import type { Loan, LoanCommunication, LoanDefault } from './loan.ts';
import { maskAadhaar, maskAccount, maskDob, maskEmail, maskFreeText, maskPan, maskPhone } from './masking.ts';
import { formatInr, formatInrOrDash } from './money.ts';

export interface SummaryField {
  label: string;
  value: string;
}

export interface LoanSummary {
  loanId: string;
  kind: Loan['kind'];
  title: string;
  subtitle: string;
  applicant: SummaryField[];
  loan: SummaryField[];
  currentDefault: { heading: string; fields: SummaryField[] } | undefined;
  recoveries: string[];
  lastContact: string | undefined;
  legal: string[];
  remarks: string[];
  transactions: string[];
}

/**
 * Every string the lender sends is free text as far as the channel is concerned (a product type, a status or
 * a business name can quote a phone number): each one shown passes through the masker. Loan and customer
 * ids are identifiers, shown as they are.
 */
const said = (value: string | undefined): string | undefined => (value ? maskFreeText(value) : value);

const field = (label: string, value: string | undefined): SummaryField[] =>
  value && value.trim() ? [{ label, value: value.trim() }] : [];

/** Labelled values in their order, the empty ones left out. */
const fields = (values: Record<string, string | undefined>): SummaryField[] => Object.entries(values).flatMap(([label, value]) => field(label, value));

const money = (amount: number | undefined) => (amount == null ? undefined : formatInr(amount));

/** Defaults sorted by allocation month, newest first (unparseable months last). */
export function defaultsNewestFirst(defaults: LoanDefault[]): LoanDefault[] {
  return [...defaults].sort((a, b) => {
    const ma = parseAllocationMonth(a.allocationMonth);
    const mb = parseAllocationMonth(b.allocationMonth);
    if (!ma || !mb) return ma ? -1 : mb ? 1 : 0;
    return compareYearMonth(mb, ma);
  });
}

export function currentDefaultOf(loan: Loan): LoanDefault | undefined {
  return defaultsNewestFirst(loan.defaults)[0];
}

function monthLabel(allocationMonth: string | undefined): string | undefined {
  const parsed = parseAllocationMonth(allocationMonth);
  return parsed ? labelYearMonth(parsed) : said(allocationMonth);
}

function dpd(d: LoanDefault): string | undefined {
  if (d.dpdValue == null && !d.dpdBracket) return undefined;
  if (d.dpdValue == null) return `bracket ${said(d.dpdBracket)}`;
  return d.dpdBracket ? `${d.dpdValue} days (${said(d.dpdBracket)})` : `${d.dpdValue} days`;
}

function communicationLine(c: LoanCommunication): string {
  const what = c.type === 'sms' ? 'SMS' : maskFreeText(c.type.charAt(0).toUpperCase() + c.type.slice(1));
  const when = displayDateTime(c.at);
  const outcome = c.outcome ? ` — ${maskFreeText(c.outcome)}` : '';
  return `${what}${when ? ` on ${when}` : ''}${outcome}`;
}

function latestCommunication(loan: Loan): LoanCommunication | undefined {
  let best: LoanCommunication | undefined;
  let bestTime = -Infinity;
  for (const c of loan.communications) {
    const time = parseLenderDate(c.at)?.getTime() ?? -Infinity + 1;
    if (!best || time > bestTime) {
      best = c;
      bestTime = time;
    }
  }
  return best;
}

function recoveryLines(loan: Loan): string[] {
  return loan.defaults
    .filter((d) => (d.amountRecovered ?? 0) > 0)
    .sort((a, b) => (parseLenderDate(b.recoveryDate)?.getTime() ?? 0) - (parseLenderDate(a.recoveryDate)?.getTime() ?? 0))
    .slice(0, 3)
    .map((d) =>
      [
        formatInrOrDash(d.amountRecovered),
        said(d.paymentMethod) || undefined,
        d.recoveryDate ? `on ${displayDate(d.recoveryDate)}` : undefined,
        d.allocationMonth ? `for ${monthLabel(d.allocationMonth)}` : undefined,
        d.finalStatus ? `(${said(d.finalStatus)})` : undefined,
      ]
        .filter(Boolean)
        .join(' '),
    );
}

function legalLines(loan: Loan): string[] {
  return loan.caseTracking.slice(0, 5).map((c) => {
    const name = [said(c.documentType), c.caseType ? `(${said(c.caseType.toUpperCase())})` : undefined].filter(Boolean).join(' ');
    const status = [said(c.status), c.at ? `on ${displayDate(c.at)}` : undefined].filter(Boolean).join(' ');
    const detail = c.detail ? ` · ${maskFreeText(c.detail)}` : '';
    return `${name || 'Case'}${status ? `: ${status}` : ''}${detail}`;
  });
}

function addressLine(loan: Loan): string | undefined {
  const address = loan.addresses[0];
  if (!address) return undefined;
  // The street address is PII; the city and state tell an agent enough in a channel.
  return [said(address.city), said(address.state), address.pincode ? address.pincode.replace(/\d{3}$/, 'XXX') : undefined]
    .filter(Boolean)
    .join(', ');
}

export function buildLoanSummary(loan: Loan): LoanSummary {
  const a = loan.applicant;
  const current = currentDefaultOf(loan);
  const currentFields: SummaryField[] = current
    ? fields({
        Status: said(current.finalStatus),
        DPD: dpd(current),
        'Total claim': money(current.totalClaimAmount),
        'Settlement amount': money(current.settlementAmount),
        'Principal outstanding': money(current.principalOutstanding),
        'Amount recovered': money(current.amountRecovered),
        'Date of default': displayDate(current.dateOfDefault),
        'Late fee': money(current.lateFee),
        'Closure with': said(current.closureWith),
      })
    : [];
  const contact = latestCommunication(loan);
  return {
    loanId: loan.loanId,
    kind: loan.kind,
    title: `Loan ${loan.loanId}${a.name ? ` · ${said(a.name)}` : ''}`,
    subtitle: [
      loan.kind === 'credit_line' ? `Credit line · customer ${loan.clientCustomerId ?? 'unknown'}` : undefined,
      said(loan.loanType),
      said(loan.productType),
      said(loan.nbfcName),
    ]
      .filter(Boolean)
      .join(' · '),
    applicant: fields({
      Applicant: said(a.name),
      Phone: maskPhone(a.contactNumber),
      Email: maskEmail(a.email),
      PAN: maskPan(a.panNumber),
      Aadhaar: maskAadhaar(a.aadhaarNumber),
      'Date of birth': maskDob(a.dob),
      Account: maskAccount(a.accountNumber),
      Address: addressLine(loan),
      Business: said(a.businessName),
    }),
    loan: [
      ...field('Total loan amount', money(loan.totalLoanAmount)),
      ...field('EMI', money(loan.emiAmount)),
      ...field('Tenure', loan.loanTenure == null ? undefined : `${loan.loanTenure} months`),
      ...field('Interest', loan.interestOnLoan == null ? undefined : `${loan.interestOnLoan}%`),
      ...field('Sanctioned', displayDate(loan.sanctionDate)),
      ...field('Ends', displayDate(loan.loanEndDate)),
    ],
    currentDefault: current
      ? { heading: `Current default · ${monthLabel(current.allocationMonth) ?? 'month unknown'}`, fields: currentFields }
      : undefined,
    recoveries: recoveryLines(loan),
    lastContact: contact ? communicationLine(contact) : undefined,
    legal: legalLines(loan),
    remarks: [...loan.remarks]
      .sort((x, y) => (parseLenderDate(y.created)?.getTime() ?? 0) - (parseLenderDate(x.created)?.getTime() ?? 0))
      .slice(0, 3)
      .map((r) => `${displayDateTime(r.created) ?? 'undated'}: ${maskFreeText(r.text)}`),
    transactions: loan.transactions
      .filter((t) => t.transactionId !== loan.loanId)
      .slice(0, 10)
      .map((t) => {
        const d = defaultsNewestFirst(t.defaults)[0];
        return [
          `Transaction ${t.transactionId}`,
          money(t.totalLoanAmount),
          said(d?.finalStatus),
          d?.dpdValue != null ? `DPD ${d.dpdValue}` : undefined,
        ]
          .filter(Boolean)
          .join(' · ');
      }),
  };
}
