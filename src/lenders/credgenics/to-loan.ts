/**
 * From either Get Loan shape to the domain's Loan.
 */
import type {
  Loan,
  LoanCaseTracking,
  LoanCommunication,
  LoanDefault,
  LoanRemark,
  LoanTransaction,
} from '../../domain/loan.ts';
import type {
  CreditLineLoanResponse,
  GetLoanResponse,
  LendingLoanResponse,
  RawDefault,
  RawTransaction,
} from './schemas.ts';

type Applicant = LendingLoanResponse['loan_details'];
type Activity = Pick<LendingLoanResponse, 'communication_details' | 'case_tracking_details' | 'remarks'>;

const str = (value: unknown): string | undefined =>
  value == null || value === '' ? undefined : typeof value === 'object' ? undefined : String(value);

function toDefault(d: RawDefault): LoanDefault {
  return {
    allocationMonth: d.allocation_month,
    finalStatus: d.final_status,
    amountRecovered: d.amount_recovered,
    settlementAmount: d.settlement_amount,
    totalClaimAmount: d.total_claim_amount,
    principalOutstanding: d.principal_outstanding_amount,
    expectedEmi: d.expected_emi,
    lateFee: d.late_fee,
    dpdValue: d.allocation_dpd_value,
    dpdBracket: d.allocation_dpd_bracket,
    dateOfDefault: d.date_of_default ?? d.actual_date_of_default,
    recoveryDate: d.recovery_date,
    paymentMethod: d.payment_method,
    recoveryMethod: d.recovery_method,
    closureWith: d.closure_with,
    // The GET sample stores `reference_number`; the Update Payment body sends `payment_reference_number`.
    referenceNumber: d.reference_number ?? d.payment_reference_number,
  };
}

function toCommunication(c: Activity['communication_details'][number]): LoanCommunication {
  const dict = c.comm_dict ?? {};
  const type = c.type_of_comm ?? 'contact';
  const at = str(dict['call_start_time']) ?? str(dict['delivered_time']) ?? str(dict['sent_time']) ?? str(dict['created']);
  const outcome =
    str(dict['call_response']) ?? str(dict['disposition']) ?? str(dict['template_name']) ?? str(dict['subject']);
  return { type, at, outcome, to: str(dict['to']) ?? str(dict['sms_mobile']) };
}

function toCaseTracking(c: Activity['case_tracking_details'][number]): LoanCaseTracking {
  const data = c.data ?? {};
  const events = Array.isArray(data['events']) ? (data['events'] as Array<Record<string, unknown>>) : [];
  const latestEvent = events[0];
  const status =
    str(data['speedpost_delivery_status']) ?? str(data['status']) ?? str(data['case_status']) ?? str(latestEvent?.['description']);
  const at = str(data['speedpost_delivery_confirmed_on'])?.split(' ')[0] ?? str(latestEvent?.['date']) ?? str(data['next_hearing_date']);
  const detail = [
    str(data['speedpost_id']) ? `tracking ${str(data['speedpost_id'])}` : undefined,
    str(data['case_number']) ? `case ${str(data['case_number'])}` : undefined,
    str(data['court_name']) ?? str(data['court']),
    str(data['next_hearing_date']) ? `next hearing ${str(data['next_hearing_date'])}` : undefined,
  ]
    .filter(Boolean)
    .join(', ');
  return { caseType: c.case_type, documentType: c.document_type, status, at, detail: detail || undefined };
}

function toRemark(r: Activity['remarks'][number]): LoanRemark | undefined {
  return r.remarks ? { text: r.remarks, created: r.created, author: r.author } : undefined;
}

function toTransaction(t: RawTransaction): LoanTransaction | undefined {
  // The docs' sample names one transaction "18372" outside and "283920" inside `data`; prefer the outer id.
  const transactionId = t.transaction_id ?? t.data?.transaction_id;
  if (!transactionId) return undefined;
  return {
    transactionId,
    totalLoanAmount: t.data?.total_loan_amount,
    emiAmount: t.data?.emi_amount,
    loanTenure: t.data?.loan_tenure,
    loanEndDate: t.data?.loan_end_date,
    sanctionDate: t.data?.client_loan_sanction_date,
    interestOnLoan: t.data?.interest_on_loan,
    defaults: (t.data?.defaults ?? []).map(toDefault),
  };
}

function base(loanId: string, a: Applicant, activity: Activity) {
  return {
    loanId,
    clientCustomerId: a.client_customer_id,
    loanType: a.loan_type,
    productType: a.product_type,
    nbfcName: a.loan_nbfc_name,
    applicant: {
      name: a.applicant_name,
      contactNumber: a.applicant_contact_number,
      email: a.applicant_email,
      gender: a.applicant_gender,
      dob: a.applicant_dob,
      panNumber: a.applicant_pan_number,
      aadhaarNumber: a.applicant_aadhar_number,
      occupation: a.applicant_occupation,
      language: a.applicant_language,
      monthlyIncome: a.applicant_monthly_income,
      cibilScore: a.applicant_cibil_score,
      businessName: a.business_name,
      accountNumber: a.credit_account_number,
      bankName: a.credit_bank_name,
    },
    addresses: a.applicant_address.map((address) => ({
      type: address.applicant_address_type,
      text: address.applicant_address_text,
      city: address.applicant_city,
      state: address.applicant_state,
      pincode: address.applicant_pincode,
    })),
    communications: activity.communication_details.map(toCommunication),
    caseTracking: activity.case_tracking_details.map(toCaseTracking),
    remarks: activity.remarks.map(toRemark).filter((r): r is LoanRemark => r !== undefined),
  };
}

function fromLending(loanId: string, body: LendingLoanResponse): Loan {
  const a = body.loan_details;
  return {
    ...base(loanId, a, body),
    kind: 'lending',
    totalLoanAmount: a.total_loan_amount,
    emiAmount: a.emi_amount,
    loanTenure: a.loan_tenure,
    interestOnLoan: a.interest_on_loan,
    sanctionDate: a.client_loan_sanction_date,
    loanEndDate: a.loan_end_date,
    defaults: a.defaults.map(toDefault),
    transactions: [],
  };
}

function fromCreditLine(loanId: string, body: CreditLineLoanResponse): Loan {
  const out = body.output;
  const transactions = out.transactions_details.map(toTransaction).filter((t): t is LoanTransaction => !!t);
  const own =
    transactions.find((t) => t.transactionId === loanId) ??
    out.transactions_details.map((t) => (t.data?.transaction_id === loanId ? toTransaction(t) : undefined)).find(Boolean);
  return {
    ...base(loanId, out.applicant_details, out),
    kind: 'credit_line',
    totalLoanAmount: own?.totalLoanAmount ?? out.applicant_details.total_loan_amount,
    emiAmount: own?.emiAmount ?? out.applicant_details.emi_amount,
    loanTenure: own?.loanTenure ?? out.applicant_details.loan_tenure,
    interestOnLoan: own?.interestOnLoan ?? out.applicant_details.interest_on_loan,
    sanctionDate: own?.sanctionDate ?? out.applicant_details.client_loan_sanction_date,
    loanEndDate: own?.loanEndDate ?? out.applicant_details.loan_end_date,
    // A transaction's own defaults when we can find it; else the customer-level list the sample also carries.
    defaults: own ? own.defaults : out.applicant_details.defaults.map(toDefault),
    transactions,
  };
}

export function toLoan(loanId: string, response: GetLoanResponse): Loan {
  return response.shape === 'lending' ? fromLending(loanId, response.body) : fromCreditLine(loanId, response.body);
}

/**
 * The loan the answer is about, when it is not the one asked for; undefined when it matches (or the answer
 * names no loan at all). Lending names `loan_details.loan_id`; a credit line names the customer's
 * `loan_id` and its transactions' ids, any of which may be the id asked for.
 */
export function otherLoanIn(loanId: string, response: GetLoanResponse): string | undefined {
  const named =
    response.shape === 'lending'
      ? [response.body.loan_details.loan_id]
      : [
          response.body.output.applicant_details.loan_id,
          ...response.body.output.transactions_details.flatMap((t) => [t.transaction_id, t.data?.transaction_id]),
        ];
  const ids = named.filter((id): id is string => typeof id === 'string' && id !== '');
  if (ids.length === 0 || ids.includes(loanId)) return undefined;
  return ids[0];
}
