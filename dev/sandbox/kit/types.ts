/**
 * Types shared by the sandbox lender servers (Credgenics, Apollo): answers, requests as read
 * and recorded, and injected faults. What a fault's `match.path` means is up to each sandbox.
 */

/** An answer: an object is sent as JSON, a string as is. */
export interface Answer {
  status: number;
  body: unknown;
  /** Extra response headers (e.g. `retry-after`), names lower-cased. */
  headers?: Record<string, string>;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

/** What a sandbox reads of every API request. */
export interface RequestParts {
  /** Upper-cased. */
  method: string;
  /** The raw path as sent, without the query string (not URL-decoded). */
  path: string;
  query: Record<string, string>;
  /** Header names lower-cased; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** Parsed JSON, the raw text when it is not JSON, or null when the request had no body. */
  body: unknown;
}

/** One API request as the sandbox read it, before routing. */
export interface SandboxRequest extends RequestParts {
  /** The raw query string with its "?", or "". */
  search: string;
  /** The body as text ("" when there is none). */
  text: string;
}

/** One API request as the sandbox recorded it. */
export interface RecordedRequest extends RequestParts {
  /** Epoch milliseconds from the sandbox clock (`now()`) when the request had been read. */
  at: number;
}

export interface FaultMatch<P> {
  /** HTTP method, case-insensitive. Default: any. */
  method?: string;
  /** Which path(s): the sandbox says what it accepts here. Default: any. */
  path?: P;
}

export interface Fault<P> {
  /** Which requests this fault applies to; default every API request (never the `/__sandbox/` control endpoints). */
  match?: FaultMatch<P>;
  /** Answer this status instead of the real answer (the request is not processed unless `applyThenDelayMs` is set). */
  status?: number;
  /** Raw body to send: a string is sent as is (e.g. malformed JSON), an object as JSON. Without `status` it is sent with 200. */
  body?: string | object;
  /** Extra headers on the fault's answer, e.g. `{ 'retry-after': '30' }` (only with `status` or `body`). */
  headers?: Record<string, string>;
  /** Wait this long before processing (and answering). If the client hung up meanwhile, the request is not processed. */
  delayMs?: number;
  /** Process the request for real (apply the write), then wait this long before answering ("applied, then timed out"). */
  applyThenDelayMs?: number;
  /**
   * Hold the request this long, then process it for real whether or not the client is still waiting
   * ("late apply": it sat in the lender's queue after the client gave up), and answer if anyone is listening.
   */
  applyLateMs?: number;
  /**
   * With `status`: answer that status at once, then process the request for real this long after ("a gateway's
   * 504, and the lender applies it later": the request sat in a queue behind the gateway that gave up).
   */
  applyAfterAnswerMs?: number;
  /**
   * Close the connection after reading the request, without an answer ("connection reset after the body went
   * out"): `unapplied` processes nothing, `applied` processes the request first.
   */
  hangUp?: 'unapplied' | 'applied';
  /** Apply to the next N matching requests only, then remove itself. Default: until cleared. */
  times?: number;
}
