/** This process's name as a lease owner: host, pid and a random tag (a restarted process is a new owner). */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

export function instanceId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}
