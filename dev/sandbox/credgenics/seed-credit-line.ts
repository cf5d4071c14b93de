/**
 * Seed credit-line customer 189004 (the docs' Sri Ram sample) with transactions 2001
 * (Partially Recovered, this month), 2002 (Initiated, last month) and 2003 (Closed).
 */
import type { CustomerRecord, Transaction } from './model.ts';
import { callComm, makeDefault, nachDocument, noticeSms, remark, type DefaultSeed, type SeedTime } from './seed-fixtures.ts';

interface TransactionSeed {
  id: string;
  terms: { emi: number; tenure: number; sanctioned: string; ends: string; interest: number; amount: number };
  /** The transaction's one default. */
  owed: DefaultSeed;
}

const TRANSACTIONS: TransactionSeed[] = [
  {
    id: '2001',
    terms: { emi: 6000, tenure: 12, sanctioned: '2024-04-06', ends: '2025-04-06', interest: 18, amount: 50000 },
    owed: {
      monthDelta: 0, dpd: 40, finalStatus: 'Partially Recovered', amountRecovered: 3450, totalClaim: 113000,
      expectedEmi: 54000, settlement: 45000, lateFee: 59443, emiNumber: 12, principalOutstanding: 45000,
      paymentMethod: 'Online', recoveredOnDay: 4,
      extra: { client_amount_recovered: 0, expected_emi_principal_amount: 45000 },
    },
  },
  {
    id: '2002',
    terms: { emi: 1000, tenure: 11, sanctioned: '2025-01-29', ends: '2025-12-29', interest: 12, amount: 11000 },
    owed: {
      monthDelta: -1, dpd: 62, finalStatus: 'Initiated', amountRecovered: 0, totalClaim: 9000, expectedEmi: 10001,
      settlement: null, lateFee: 1000, emiNumber: 4, principalOutstanding: 1000,
      extra: { expected_emi_interest_amount: 2000, expected_emi_principal_amount: 9000 },
    },
  },
  {
    id: '2003',
    terms: { emi: 5200, tenure: 3, sanctioned: '2025-06-10', ends: '2025-09-10', interest: 16, amount: 15000 },
    owed: {
      monthDelta: -2, dpd: 33, finalStatus: 'Closed', amountRecovered: 15500, totalClaim: 15500, expectedEmi: 5200,
      settlement: null, lateFee: 500, emiNumber: 3, principalOutstanding: 0, paymentMethod: 'Payment Link',
      recoveryMethod: 'Communications', recoveredOnDay: 18,
      extra: { closure_with: 'NOC', payment_mode: 'UPI', reference_number: 'pay_NQ8x2LmT4kPz1a' },
    },
  },
];

/** A transaction as GET shows it; its default carries the credit-line keys (upload_date, closure_with, …). */
function transaction(t: SeedTime, { id, terms, owed }: TransactionSeed): Transaction {
  const extra = { upload_date: null, closure_with: '', payment_mode: '', reference_number: '', ...owed.extra };
  return {
    transaction_id: id,
    data: {
      defaults: [makeDefault(t, { ...owed, extra })],
      emi_amount: terms.emi,
      loan_tenure: terms.tenure,
      loan_end_date: terms.ends,
      transaction_id: id,
      tenure_finished: true,
      interest_on_loan: terms.interest,
      total_loan_amount: terms.amount,
      client_loan_sanction_date: terms.sanctioned,
    },
  };
}

export function seedCreditLineCustomers(t: SeedTime): CustomerRecord[] {
  const transactions = TRANSACTIONS.map((seed) => transaction(t, seed));
  return [
    {
      client_customer_id: '189004',
      applicant_details: {
        client_customer_id: '189004',
        loan_type: 'Personal Loan',
        references: [{ name: 'Shri Ram', contact_number: '9999999999', relation_with_applicant: 'Colleague' }],
        co_applicant: [
          {
            co_applicant_dob: '1990-06-29', co_applicant_city: 'Alwar', co_applicant_name: 'Naveen Shekhawat',
            co_applicant_email: 'pravin@gmail.com', co_applicant_state: 'Rajasthan', co_applicant_gender: 'Male',
            co_applicant_pincode: 301024, co_applicant_address_text: '', co_applicant_contact_number: '9614294470',
          },
        ],
        payment_link: '',
        product_type: 'Payday personal',
        applicant_dob: '1992-03-23',
        business_name: 'ABC PVT. LTd.',
        engine_number: '',
        loan_end_date: '2019-04-06',
        loan_nbfc_cin: 'U65191TN1994PLC078035',
        merchant_name: 'Intellipaat',
        security_type: 'Secured immovable',
        applicant_name: 'Sri Ram',
        chassis_number: '',
        loan_nbfc_name: 'AKARA CAPITAL ADVISORS PVT. LTD.',
        make_and_model: '',
        applicant_email: 'shriram@gmail.com',
        applicant_gender: 'Male',
        backed_by_surety: false,
        credit_bank_name: 'HDFC Bank',
        document_details: [nachDocument()],
        applicant_address: [
          {
            applicant_city: 'Jodhpur', applicant_state: 'Rajasthan', applicant_pincode: 342001,
            applicant_address_text: '395/13 Veer Dua Colony Baldev Nager', applicant_address_type: 'Home',
          },
        ],
        applicant_language: 'hi',
        applicant_occupation: 'Job',
        applicant_pan_number: 'BXRPS4821K',
        applicant_cibil_score: 820,
        credit_account_number: '50100417735290',
        credit_bank_ifsc_code: 'HDFC0G45B4W',
        applicant_aadhar_number: '512398764410',
        applicant_contact_number: '9999999999',
        applicant_monthly_income: 40000,
        credit_account_holder_name: 'Sri Ram',
        credit_account_holder_type: 'Current',
        loan_regional_manager_name: '',
        vehicle_registration_number: '',
        loan_regional_manager_contact_email: '',
        loan_regional_manager_contact_number: '',
      },
      transactions,
      communication_details: [
        callComm(t, 3, '12:04:19', 52, '9999999999', 'Will pay on salary day'),
        noticeSms(t, 12, 'Sri', '9999999999', 'AKARA CAPITAL', '7a2be91d04c3'),
      ],
      case_tracking_details: [],
      remarks: [
        remark(t, 12, '16:57:26', '(Legal Notice Template ) SMS Sent'),
        remark(t, 3, '12:06:02', 'Will pay on salary day: Call response , Promise to Pay: Call status'),
      ],
    },
  ];
}
