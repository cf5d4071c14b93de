/**
 * Reading a request body with a size limit: the one reader for the app's request guard (and the dev
 * stand-ins, which serve the same kind of loopback HTTP).
 */
import type { IncomingMessage } from 'node:http';

/** The body went past the limit (declared or streamed): answer 413. */
export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`request body is larger than ${limit} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/** The client hung up (or was cut off by the server's timeouts) mid-body. */
export class BodyAbortedError extends Error {
  constructor() {
    super('request aborted');
    this.name = 'BodyAbortedError';
  }
}

export interface ReadBodyOptions {
  /** Past the limit: stop reading and drain what is still coming (default), or destroy the connection. */
  tooLarge?: 'drain' | 'destroy';
}

/** The whole body, or a rejection with BodyTooLargeError / BodyAbortedError / the stream's error. */
export function readBody(req: IncomingMessage, limit: number, options: ReadBodyOptions = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      req.removeAllListeners('data');
      reject(new BodyTooLargeError(limit));
      if (options.tooLarge === 'destroy') req.destroy();
      else req.resume();
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
    // Settles once; after a rejection above this does nothing.
    req.on('close', () => {
      if (!req.complete) reject(new BodyAbortedError());
    });
  });
}
