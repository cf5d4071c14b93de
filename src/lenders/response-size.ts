/**
 * A cap on how much of a lender's answer is read. got buffers a whole body before it resolves; this got
 * handler cancels the request as soon as the declared length, or the bytes received so far, pass the cap,
 * so a 50 MB answer costs a few MB at most. The cancelled request rejects with got's CancelError, which
 * each client maps to LenderResponseTooLargeError.
 */
import type { HandlerFunction } from 'got';

/** A loan with years of history is a few hundred KB; 4 MB leaves room and bounds memory. */
export const MAX_LENDER_RESPONSE_BYTES = 4 * 1024 * 1024;

export function limitResponseSize(maxBytes: number = MAX_LENDER_RESPONSE_BYTES): HandlerFunction {
  return (options, next) => {
    const request = next(options);
    if (options.isStream || !('cancel' in request)) return request;
    void request.on('downloadProgress', (progress: { transferred: number; total?: number }) => {
      if (progress.transferred > maxBytes || (progress.total ?? 0) > maxBytes) request.cancel(`response larger than ${maxBytes} bytes`);
    });
    return request;
  };
}
