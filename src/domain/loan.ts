/**
 * A loan as loanbot thinks of it, whichever Credgenics shape it came from
 * (the lending shape or the credit-line wrapped shape). Built at the lender edge, trusted inside.
 * Values are as the lender sent them (unmasked); masking happens when a surface is built.
 */
export type LoanKind = 'lending' | 'credit_line';

export interface LoanAddress {
  type: string | undefined;
  text: string | undefined;
  city: string | undefined;
  state: string | undefined;
  pincode: string | undefined;
}

export interface LoanDefault {
  /** As the lender writes it, e.g. "2021-2-01". */
  allocationMonth: string | undefined;
  finalStatus: string | undefined;
  amountRecovered: number | undefined;
  settlementAmount: number | undefined;
  totalClaimAmount: number | undefined;
  principalOutstanding: number | undefined;
  expectedEmi: number | undefined;
  lateFee: number | undefined;
  dpdValue: number | undefined;
  dpdBracket: string | undefined;
  dateOfDefault: string | undefined;
  recoveryDate: string | undefined;
  paymentMethod: string | undefined;
  recoveryMethod: string | undefined;
  closureWith: string | undefined;
  referenceNumber: string | undefined;
}

export interface LoanTransaction {
  transactionId: string;
  totalLoanAmount: number | undefined;
  emiAmount: number | undefined;
  loanTenure: number | undefined;
  loanEndDate: string | undefined;
  sanctionDate: string | undefined;
  interestOnLoan: number | undefined;
  defaults: LoanDefault[];
}

export interface LoanCommunication {
  type: string;
  at: string | undefined;
  /** What happened, e.g. the call response or the SMS template; free text, may hold PII. */
  outcome: string | undefined;
  to: string | undefined;
}

export interface LoanCaseTracking {
  caseType: string | undefined;
  documentType: string | undefined;
  status: string | undefined;
  at: string | undefined;
  detail: string | undefined;
}

export interface LoanRemark {
  text: string;
  created: string | undefined;
  author: string | undefined;
}

export interface Applicant {
  name: string | undefined;
  contactNumber: string | undefined;
  email: string | undefined;
  gender: string | undefined;
  dob: string | undefined;
  panNumber: string | undefined;
  aadhaarNumber: string | undefined;
  occupation: string | undefined;
  language: string | undefined;
  monthlyIncome: number | undefined;
  cibilScore: number | undefined;
  businessName: string | undefined;
  accountNumber: string | undefined;
  bankName: string | undefined;
}

export interface Loan {
  loanId: string;
  kind: LoanKind;
  clientCustomerId: string | undefined;
  loanType: string | undefined;
  productType: string | undefined;
  nbfcName: string | undefined;
  applicant: Applicant;
  addresses: LoanAddress[];
  totalLoanAmount: number | undefined;
  emiAmount: number | undefined;
  loanTenure: number | undefined;
  interestOnLoan: number | undefined;
  sanctionDate: string | undefined;
  loanEndDate: string | undefined;
  /** Defaults of this loan (for a credit line: of the transaction named by loanId). */
  defaults: LoanDefault[];
  /** Credit line only: every transaction of the customer. */
  transactions: LoanTransaction[];
  communications: LoanCommunication[];
  caseTracking: LoanCaseTracking[];
  remarks: LoanRemark[];
}
