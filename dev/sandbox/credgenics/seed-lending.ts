/**
 * Seed lending loans 1001–1005 (the docs' Keval Gor and Shri Ram samples, a loan in
 * legal, a closed loan and a sparse one), dated relative to the sandbox clock.
 */
import { DAY_MS } from '../kit/clock.ts';
import type { JsonObject, LendingRecord } from './model.ts';
import {
  callComm,
  makeDefault,
  nachDocument,
  noticeEntry,
  noticeSms,
  remark,
  speedpostEntry,
  type SeedTime,
} from './seed-fixtures.ts';

const NO_DOCS = { document_details: [], references: [], co_applicant: [] };

/** `applicant_address` with the one address these loans have, keys in the docs' order. */
function oneAddress(type: string, text: string, city: string, state: string, pincode: number | null): JsonObject[] {
  return [
    {
      applicant_address_type: type, applicant_address_text: text, applicant_city: city, applicant_state: state,
      applicant_pincode: pincode,
    },
  ];
}

/** 1001: the docs' Get Loan sample, with PII filled in so masking can be tested. */
function kevalGor(t: SeedTime): LendingRecord {
  // Same actual default date in both months: last month's DPD is 91 minus last month's length.
  const lastMonthDpd = 91 - Math.round((t.monthStart(0) - t.monthStart(-1)) / DAY_MS);
  return {
    loan_details: {
      loan_id: '1001', loan_type: 'Business Loan', product_type: 'Arbitration', applicant_name: 'Keval Gor',
      applicant_contact_number: '9706367068', applicant_email: 'keval.gor@gmail.com', applicant_gender: 'Male',
      business_name: 'Sathiya Collection', emi_amount: null, loan_tenure: null, applicant_language: '',
      applicant_occupation: '', applicant_pan_number: 'ABCPG1234K', applicant_cibil_score: null, applicant_dob: '1988-07-14',
      payment_link: '', client_loan_sanction_date: '2018-02-22', loan_end_date: null, interest_on_loan: null,
      merchant_name: '', security_type: '', total_loan_amount: 268500, loan_nbfc_name: 'HLPL', loan_nbfc_cin: '',
      tenure_finished: true, backed_by_surety: false, credit_bank_name: '',
      applicant_address: oneAddress('Home', 'Shopno4, Sarpat Gate Bhuj, Bhuj, Gujarat, 370001', 'Bhuj', 'Gujarat', 370001),
      defaults: [
        makeDefault(t, {
          monthDelta: -1, dpd: lastMonthDpd, finalStatus: 'Partially Recovered', amountRecovered: 5000,
          totalClaim: 127718, expectedEmi: 127718, settlement: 25000, paymentMethod: 'Cash', recoveredOnDay: 12,
        }),
        makeDefault(t, {
          monthDelta: 0, dpd: 91, finalStatus: 'Partially Recovered', amountRecovered: 8500,
          totalClaim: 127718, expectedEmi: 127718, settlement: 25000, paymentMethod: 'Online', recoveredOnDay: 2,
        }),
      ],
      ...NO_DOCS,
      credit_account_number: '11271000005809', applicant_aadhar_number: '235498671293', applicant_monthly_income: null,
      credit_account_holder_name: '', credit_account_holder_type: '',
    },
    communication_details: [
      callComm(t, 6, '17:16:32', 34, '9706367068', 'Will pay tomorrow'),
      noticeSms(t, 40, 'Keval', '9706367068', 'HLPL', '930b9ecfee7e'),
    ],
    case_tracking_details: [
      noticeEntry('lrn', '930b9ecfee7e'),
      speedpostEntry(t, {
        speedpostId: 'ED670494304IN', bookedAt: 'Rohini Sector7 SO', deliveryLocation: 'Bhuj HO', pincode: '370001',
        status: 'Delivered',
        steps: [
          { daysAgo: 24, time: '16:17:42', office: 'Rohini Sector7 SO', description: 'Item Booked' },
          { daysAgo: 24, time: '17:18:27', office: 'Rohini Sector7 SO', description: 'Item Bagged' },
          { daysAgo: 24, time: '17:52:17', office: 'Rohini Sector7 SO', description: 'Item Dispatched' },
          { daysAgo: 20, time: '08:40:56', office: 'Ahmedabad NSH', description: 'Item Received' },
          { daysAgo: 20, time: '11:26:43', office: 'Ahmedabad NSH', description: 'Item Bagged' },
          { daysAgo: 20, time: '12:30:43', office: 'Ahmedabad NSH', description: 'Item Dispatched' },
          { daysAgo: 19, time: '06:17:52', office: 'Bhuj ICH', description: 'Item Received' },
          { daysAgo: 19, time: '09:18:22', office: 'Bhuj ICH', description: 'Item Bagged' },
          { daysAgo: 19, time: '10:57:04', office: 'Bhuj ICH', description: 'Item Dispatched' },
          { daysAgo: 18, time: '08:22:29', office: 'Bhuj HO', description: 'Item Received' },
          { daysAgo: 18, time: '09:17:46', office: 'Bhuj HO', description: 'Out for Delivery' },
          { daysAgo: 18, time: '15:27:17', office: 'Bhuj HO', description: 'Item Delivery Confirmed' },
        ],
      }),
    ],
    remarks: [
      remark(t, 5, '16:57:26', '(Legal Notice Template ) SMS Sent'),
      remark(
        t, 1, '12:43:11',
        `Will pay settlement amount tomorrow: Call response , Promise to Pay: Call status , ${t.ymd(t.now + DAY_MS)} - Reminder date`,
      ),
    ],
  };
}

/** 1002: the docs' Add Loan sample as it reads back after upload; nothing recovered yet. */
function shriRam(t: SeedTime): LendingRecord {
  return {
    loan_details: {
      loan_id: '1002', loan_type: 'Personal Loan', product_type: '', applicant_name: 'Shri Ram',
      applicant_contact_number: '9805265926', applicant_email: 'shriram@gmail.com', applicant_gender: 'Male',
      business_name: '', emi_amount: 6000, loan_tenure: 12, applicant_language: 'hi', applicant_occupation: 'Job',
      applicant_pan_number: 'ADJPR3516D', applicant_cibil_score: 820, applicant_dob: '1992-03-23',
      payment_link: 'https://rzp.io/i/itKAy2q', client_loan_sanction_date: '2018-04-06', loan_end_date: '2019-04-06',
      interest_on_loan: 18, merchant_name: 'Intellipaat', security_type: 'Secured immovable', total_loan_amount: 50000,
      loan_nbfc_name: 'AKARA CAPITAL ADVISORS PVT. LTD.', loan_nbfc_cin: 'U65191TN1994PLC079235', tenure_finished: true,
      backed_by_surety: false, credit_bank_name: 'HDFC Bank',
      applicant_address: oneAddress('Home', ' 395/13 veer dua colony baldev nager', 'Jodhpur', 'Rajasthan', 342001),
      defaults: [
        makeDefault(t, {
          monthDelta: 0, dpd: 35, finalStatus: 'Initiated', amountRecovered: 0, totalClaim: 113000, expectedEmi: 54000,
          settlement: 45000, lateFee: 59443, emiNumber: 12, principalOutstanding: 45000,
          extra: { client_amount_recovered: 0, expected_emi_principal_amount: 45000 },
        }),
      ],
      document_details: [nachDocument()],
      references: [{ relation_with_applicant: 'Colleague', name: 'Abhishek Kumar', contact_number: '8802913432' }],
      co_applicant: [
        {
          co_applicant_name: 'Naveen Shekhawat', co_applicant_email: 'pravinsingh@gmail.com', co_applicant_gender: 'Male',
          co_applicant_contact_number: '9814274470', co_applicant_dob: '1990-06-29', co_applicant_address_text: '',
          co_applicant_state: 'Rajasthan', co_applicant_city: 'Alwar', co_applicant_pincode: 301024,
        },
      ],
      credit_account_number: '50100234567812', applicant_aadhar_number: '387465120954', applicant_monthly_income: 40000,
      credit_account_holder_name: 'Sri Ram', credit_account_holder_type: 'Current', credit_bank_ifsc_code: 'HDFC0G45B4W',
    },
    communication_details: [callComm(t, 2, '11:05:10', 0, '9805265926', 'Not reachable')],
    case_tracking_details: [],
    remarks: [remark(t, 2, '11:06:02', 'Call not answered: Call response , Not reachable: Call status', 'agent.jodhpur@credgenics.com')],
  };
}

/** 1003: a loan in legal: notice, speedpost in transit, arbitration case filed. */
function ramanYadav(t: SeedTime): LendingRecord {
  const filed = t.at(9, '11:30:00');
  return {
    loan_details: {
      loan_id: '1003', loan_type: 'Vehicle Loan', product_type: '2-wheeler Loan', applicant_name: 'Raman Yadav',
      applicant_contact_number: '7838201456', applicant_email: 'raman.yadav84@yahoo.co.in', applicant_gender: 'Male',
      business_name: '', emi_amount: 3850, loan_tenure: 24, applicant_language: 'hi', applicant_occupation: 'Driver',
      applicant_pan_number: 'AAAPY4821L', applicant_cibil_score: 612, applicant_dob: '1984-11-02', payment_link: '',
      client_loan_sanction_date: '2023-01-18', loan_end_date: '2025-01-18', interest_on_loan: 21.5, merchant_name: '',
      security_type: 'Secured Movable', total_loan_amount: 78000, loan_nbfc_name: 'HLPL', loan_nbfc_cin: '',
      tenure_finished: true, backed_by_surety: false, credit_bank_name: 'State Bank of India',
      applicant_address: oneAddress('Home', 'H.No. 114, Sector 12, Indira Nagar, Lucknow', 'Lucknow', 'Uttar Pradesh', 226016),
      defaults: [
        makeDefault(t, {
          monthDelta: 0, dpd: 200, finalStatus: 'Initiated', amountRecovered: 0, totalClaim: 46200, expectedEmi: 3850,
          settlement: 30000, lateFee: 4200, emiNumber: 13, principalOutstanding: 41800, recoveryMethod: 'Legal',
        }),
      ],
      ...NO_DOCS,
      credit_account_number: '38291045562', applicant_aadhar_number: '612309874521', applicant_monthly_income: 22000,
      credit_account_holder_name: 'Raman Yadav', credit_account_holder_type: 'Savings',
    },
    communication_details: [noticeSms(t, 30, 'Raman', '7838201456', 'HLPL', '4f1c2a9be310')],
    case_tracking_details: [
      noticeEntry('lrn', '4f1c2a9be310'),
      speedpostEntry(t, {
        speedpostId: 'EL338271645IN', bookedAt: 'Rohini Sector7 SO', deliveryLocation: 'Lucknow GPO', pincode: '226016',
        status: 'In Transit',
        steps: [
          { daysAgo: 4, time: '15:02:11', office: 'Rohini Sector7 SO', description: 'Item Booked' },
          { daysAgo: 4, time: '16:40:05', office: 'Rohini Sector7 SO', description: 'Item Bagged' },
          { daysAgo: 3, time: '09:12:48', office: 'Delhi NSH', description: 'Item Dispatched' },
          { daysAgo: 1, time: '07:55:30', office: 'Lucknow NSH', description: 'Item Received' },
        ],
      }),
      {
        case_type: 'arbitration',
        document_type: 'Case Filed',
        s3_link: 'https://s3-ap-south-1.amazonaws.com/credgenics-cases/production/case_files/ARB-1127.pdf',
        data: {
          case_number: `ARB/1127/${t.ymd(filed).slice(0, 4)}`,
          court_name: 'Sole Arbitrator, Lucknow',
          arbitrator_name: 'Adv. Meenakshi Srivastava',
          filing_date: t.ymd(filed),
          next_hearing_date: t.ymd(t.now + 21 * DAY_MS),
          case_status: 'Pending',
        },
      },
    ],
    remarks: [
      remark(t, 9, '11:32:40', 'Arbitration case filed: ARB/1127', 'legal@credgenics.com'),
      remark(t, 4, '15:05:00', 'Speed post booked: EL338271645IN', 'legal@credgenics.com'),
    ],
  };
}

/** 1004: closed with a settlement. */
function priyaNair(t: SeedTime): LendingRecord {
  return {
    loan_details: {
      loan_id: '1004', loan_type: 'Consumer Durable Loan', product_type: 'Term Loan', applicant_name: 'Priya Nair',
      applicant_contact_number: '9447012345', applicant_email: 'priya.nair@example.in', applicant_gender: 'Female',
      business_name: '', emi_amount: 4500, loan_tenure: 18, applicant_language: 'ml', applicant_occupation: 'Teacher',
      applicant_pan_number: 'AAAPN5678B', applicant_cibil_score: 701, applicant_dob: '1990-02-17', payment_link: '',
      client_loan_sanction_date: '2024-03-05', loan_end_date: '2025-09-05', interest_on_loan: 14, merchant_name: 'Croma',
      security_type: 'Unsecured', total_loan_amount: 72000, loan_nbfc_name: 'AKARA CAPITAL ADVISORS PVT. LTD.',
      loan_nbfc_cin: 'U65191TN1994PLC079235', tenure_finished: true, backed_by_surety: false, credit_bank_name: 'Federal Bank',
      applicant_address: oneAddress('Office', 'St. Teresa School, Park Avenue, Ernakulam', 'Kochi', 'Kerala', 682011),
      defaults: [
        makeDefault(t, {
          monthDelta: 0, dpd: 64, finalStatus: 'Closed', amountRecovered: 42000, totalClaim: 58500, expectedEmi: 4500,
          settlement: 42000, lateFee: 1500, emiNumber: 10, principalOutstanding: 36000, paymentMethod: 'Bank Account Transfer',
          recoveryMethod: 'Communications', recoveredOnDay: 1,
          extra: { closure_with: 'Settlement', payment_mode: 'NEFT', reference_number: 'FDRLN52611834077' },
        }),
      ],
      ...NO_DOCS,
      credit_account_number: '14560100082211', applicant_aadhar_number: '845201367790', applicant_monthly_income: 38000,
      credit_account_holder_name: 'Priya Nair', credit_account_holder_type: 'Savings',
    },
    communication_details: [callComm(t, 3, '10:20:00', 95, '9447012345', 'Agreed to settlement')],
    case_tracking_details: [],
    remarks: [remark(t, 1, '17:45:09', 'Loan closed with settlement of ₹42,000', 'ops@credgenics.com')],
  };
}

/** 1005: sparse data (nulls, empty strings, no defaults) to exercise tolerant parsing. */
function sparse(): LendingRecord {
  return {
    loan_details: {
      loan_id: '1005', loan_type: 'Personal Loan', product_type: '', applicant_name: 'Arif Khan',
      applicant_contact_number: '', applicant_email: '', applicant_gender: '', business_name: '', emi_amount: null,
      loan_tenure: null, applicant_language: '', applicant_occupation: '', applicant_pan_number: '',
      applicant_cibil_score: null, applicant_dob: null, payment_link: '', client_loan_sanction_date: null,
      loan_end_date: null, interest_on_loan: null, merchant_name: '', security_type: '', total_loan_amount: null,
      loan_nbfc_name: '', loan_nbfc_cin: '', tenure_finished: null, backed_by_surety: null, credit_bank_name: '',
      applicant_address: oneAddress('Home', '', '', '', null),
      defaults: [],
      ...NO_DOCS,
      credit_account_number: '', applicant_aadhar_number: '', applicant_monthly_income: null,
      credit_account_holder_name: '', credit_account_holder_type: '',
    },
    communication_details: [],
    case_tracking_details: [],
    remarks: [],
  };
}

export function seedLendingLoans(time: SeedTime): LendingRecord[] {
  return [kevalGor(time), shriRam(time), ramanYadav(time), priyaNair(time), sparse()];
}
