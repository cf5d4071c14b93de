/**
 * Building blocks for the seed: times relative to the sandbox clock, defaults, calls,
 * SMS and India Post tracking in the shapes of the Credgenics docs.
 */
import { DAY_MS, formatDmy, formatYmd, wallClock } from '../kit/clock.ts';
import { formatDateTime, type SandboxClock } from './clock.ts';
import { dpdBracket, type DefaultEntry, type JsonObject } from './model.ts';

/** Seed times, all relative to now() and never in the future. */
export class SeedTime {
  constructor(readonly clock: SandboxClock) {}

  get now(): number {
    return this.clock.nowMs();
  }

  /** Epoch ms of `daysAgo` days before today at wall time "HH:mm:ss" (clamped to now). */
  at(daysAgo: number, time: string): number {
    const [h = 0, m = 0, s = 0] = time.split(':').map(Number);
    const base = this.now - daysAgo * DAY_MS;
    const w = wallClock(base, this.clock.timeZone);
    const shift = ((h - w.hour) * 3600 + (m - w.minute) * 60 + (s - w.second)) * 1000 - w.millisecond;
    return Math.min(base + shift, this.now);
  }

  /** Epoch ms of the first instant of the month `delta` months from now (delta ≤ 0). */
  monthStart(delta: number): number {
    let start = this.clock.monthStartMs();
    for (let i = 0; i > delta; i -= 1) {
      const previous = wallClock(start - DAY_MS, this.clock.timeZone);
      start -= previous.day * DAY_MS;
    }
    return start;
  }

  /** Epoch ms `days` days (and "HH:mm:ss") into month `delta`, kept between that month's start and now. */
  inMonth(delta: number, days: number, time = '00:00:00'): number {
    const [h = 0, m = 0, s = 0] = time.split(':').map(Number);
    const start = this.monthStart(delta);
    const value = start + days * DAY_MS + (h * 3600 + m * 60 + s) * 1000;
    return Math.max(start, Math.min(value, this.now));
  }

  /** "YYYY-MM-DD HH:mm:ss" */
  dt(ms: number): string {
    return formatDateTime(wallClock(ms, this.clock.timeZone));
  }

  /** "YYYY-MM-DD HH:mm:ss.ffffff" with the given microsecond digits. */
  micros(ms: number, fraction: string): string {
    return `${this.dt(ms)}.${fraction}`;
  }

  ymd(ms: number): string {
    return formatYmd(wallClock(ms, this.clock.timeZone));
  }

  dmy(ms: number): string {
    return formatDmy(wallClock(ms, this.clock.timeZone));
  }

  hms(ms: number): string {
    return this.dt(ms).slice(11);
  }
}

export interface DefaultSeed {
  /** Months from now: 0 this month, -1 last month. */
  monthDelta: number;
  dpd: number;
  finalStatus: 'Initiated' | 'Partially Recovered' | 'Closed';
  amountRecovered: number;
  totalClaim: number | null;
  expectedEmi: number | null;
  settlement: number | null;
  lateFee?: number | null;
  emiNumber?: number | null;
  principalOutstanding?: number | null;
  paymentMethod?: string;
  recoveryMethod?: string;
  /** Days into the month when the last payment was recorded. */
  recoveredOnDay?: number;
  /** Extra keys (closure_with, reference_number, payment_mode, …) after the standard ones. */
  extra?: JsonObject;
}

/** A lending-style default, keys in the order of the docs' Get Loan sample. */
export function makeDefault(time: SeedTime, seed: DefaultSeed): DefaultEntry {
  const start = time.monthStart(seed.monthDelta);
  const actualDefault = start - seed.dpd * DAY_MS;
  const lastMissedEmi = Math.min(actualDefault + Math.floor(seed.dpd / 30) * 30 * DAY_MS, start - DAY_MS);
  const created = time.inMonth(seed.monthDelta, 0, '14:29:02');
  const recovered =
    seed.amountRecovered > 0 ? time.micros(time.inMonth(seed.monthDelta, seed.recoveredOnDay ?? 3, '00:59:51'), '418571') : null;
  const month = wallClock(start + DAY_MS, time.clock.timeZone);
  return {
    created: time.micros(created, '660409'),
    late_fee: seed.lateFee ?? null,
    expected_emi: seed.expectedEmi,
    final_status: seed.finalStatus,
    other_penalty: null,
    recovery_date: recovered,
    payment_method: seed.paymentMethod ?? '',
    date_of_default: time.ymd(lastMissedEmi),
    recovery_method: seed.recoveryMethod ?? '',
    allocation_month: `${month.year}-${month.month}-01`,
    amount_recovered: seed.amountRecovered,
    settlement_amount: seed.settlement,
    default_emi_number: seed.emiNumber ?? null,
    total_claim_amount: seed.totalClaim,
    allocation_dpd_value: seed.dpd,
    actual_date_of_default: time.ymd(actualDefault),
    allocation_dpd_bracket: dpdBracket(seed.dpd),
    client_amount_recovered: null,
    expected_emi_interest_amount: null,
    principal_outstanding_amount: seed.principalOutstanding ?? null,
    expected_emi_principal_amount: null,
    ...seed.extra,
  };
}

/** A call to the applicant `daysAgo` days ago at "HH:mm:ss" `start`, lasting `seconds`. */
export function callComm(time: SeedTime, daysAgo: number, start: string, seconds: number, to: string, response: string): JsonObject {
  const begin = time.at(daysAgo, start);
  const end = begin + seconds * 1000;
  const mins = Math.floor(seconds / 60);
  return {
    type_of_comm: 'call',
    comm_dict: {
      to,
      from: '8178041121',
      duration: `0 : ${mins} : ${seconds % 60}`,
      called_to: 'applicant',
      call_start_time: time.dt(begin),
      call_end_time: time.dt(Math.min(end, time.now)),
      call_response: response,
      recording_url: '',
      applicant_type: 'applicant',
    },
  };
}

export function noticeSms(time: SeedTime, daysAgo: number, firstName: string, mobile: string, nbfc: string, link: string): JsonObject {
  const delivered = time.at(daysAgo, '16:57:31');
  const body =
    `Hi ${firstName},\n\nPFA legal notice for the non payment of your outstanding dues to Credgenics as per the terms of the loan agreement. \n\n` +
    `Kindly ignore if the matter has already been settled.\n\nhttps://credgenics.com/notices/${link}?t=64bbec02\n\n` +
    `Thanks and Regards,\n\nAdvocates for ${nbfc}\nAR - Abhishek Gupta\nEmail id: abhishek.gupta1@udaan.com\nPhone number: 9513231633  `;
  return {
    type_of_comm: 'sms',
    comm_dict: {
      sms_body: body,
      sms_mobile: mobile,
      notice_link: link,
      delivered_time: time.dt(delivered),
      clicked_time: time.micros(Math.min(delivered + 3 * DAY_MS, time.now), '839459'),
      sms_language: 'en',
      message_count: 3,
      template_name: 'Legal Notice Template',
      character_count: body.length,
      notice_click_count: 2,
    },
  };
}

/** The NACH mandate of the docs' Add Loan sample (loan 1002, customer 189004); a fresh object each call. */
export function nachDocument(): JsonObject {
  return {
    security_mode: 'NACH', document_number: '757493', document_bank_name: 'HDFC Bank', document_bank_ifsc_code: '',
    document_amount: 50000, document_date: '2018-04-10', document_dishonour_date: '2018-04-12',
    document_signature_name: '', document_bounce_bank_account_number: '', document_bounce_bank_ifsc_code: '',
    document_bounce_charges: null, document_bounce_bank_name: 'Yes Bank', document_bounce_bank_address: '',
    document_bounce_memo_date: null, reason_of_document_bounce: '',
  };
}

export function noticeEntry(caseType: string, link: string): JsonObject {
  return {
    case_type: caseType,
    document_type: 'Notice',
    s3_link: `https://s3-ap-south-1.amazonaws.com/credgenics-cases/production/notice_links/${link}.pdf`,
    data: {},
  };
}

export interface PostStep {
  daysAgo: number;
  time: string;
  office: string;
  description: string;
}

export interface SpeedpostSeed {
  speedpostId: string;
  bookedAt: string;
  deliveryLocation: string;
  pincode: string;
  status: 'Delivered' | 'In Transit';
  /** Oldest first; written newest first as India Post does. */
  steps: PostStep[];
}

export function speedpostEntry(time: SeedTime, seed: SpeedpostSeed): JsonObject {
  const stamped = seed.steps.map((step) => ({ step, ms: time.at(step.daysAgo, step.time) }));
  const events = [...stamped].reverse().map(({ step, ms }) => ({
    date: time.dmy(ms),
    time: time.hms(ms),
    office: step.office,
    description: step.description,
  }));
  const first = stamped[0];
  const last = stamped[stamped.length - 1];
  const stampOf = (ms: number | undefined): string => (ms === undefined ? '' : `${time.dmy(ms)} ${time.hms(ms)}`);
  return {
    case_type: 'lrn',
    document_type: 'Speedpost',
    data: {
      events,
      booked_at: seed.bookedAt,
      article_type: 'Inland Speed Post',
      speedpost_id: seed.speedpostId,
      applicant_type: 'applicant',
      speedpost_tarrif: '41.30',
      delivery_location: seed.deliveryLocation,
      speedpost_s3_link: '',
      speedpost_booked_on: stampOf(first?.ms),
      applicant_address_type: 'home',
      applicant_address_index: 0,
      speedpost_delivery_status: seed.status,
      co_applicant_address_index: -1,
      speedpost_undelivered_reason: '',
      speedpost_destination_pincode: seed.pincode,
      speedpost_delivery_confirmed_on: seed.status === 'Delivered' ? stampOf(last?.ms) : '',
    },
  };
}

export function remark(time: SeedTime, daysAgo: number, at: string, text: string, author = 'ssingh@credgenics.com') {
  return { remarks: text, created: time.dt(time.at(daysAgo, at)), author };
}
