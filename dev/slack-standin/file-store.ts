/**
 * The stand-in's files: what people upload and what the app uploads, by id, and the pending upload URLs.
 * The Web API methods and downloads that use it are in files.ts.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** A test's own answer to a file's download (see SlackStandin.answerDownload). */
export type DownloadAnswer = (req: IncomingMessage, res: ServerResponse) => void;

export interface StoredFile {
  id: string;
  name: string;
  title: string;
  user: string;
  bytes: Buffer;
  /** Set for app uploads until completeUploadExternal. */
  pendingUpload: boolean;
  /** Where it was shared: channel and thread. */
  shares: { channel: string; threadTs?: string; ts: string }[];
  createdAt: number;
  /** Answers the download instead of the bytes, when set. */
  answer?: DownloadAnswer;
}

export class FileStore {
  private readonly files = new Map<string, StoredFile>();
  /** upload id → file id */
  private readonly uploads = new Map<string, string>();

  add(init: { name: string; user: string; bytes: Buffer; pendingUpload?: boolean; now: number }): StoredFile {
    const id = `F${randomBytes(6).toString('hex').toUpperCase()}`;
    const file: StoredFile = { id, name: init.name, title: init.name, user: init.user, bytes: init.bytes, pendingUpload: init.pendingUpload ?? false, shares: [], createdAt: init.now };
    this.files.set(id, file);
    return file;
  }
  get(id: string): StoredFile | undefined { return this.files.get(id); }
  all(): StoredFile[] { return [...this.files.values()]; }
  remove(id: string): boolean { return this.files.delete(id); }
  newUpload(fileId: string): string {
    const uploadId = randomBytes(12).toString('hex');
    this.uploads.set(uploadId, fileId);
    return uploadId;
  }
  takeUpload(uploadId: string): StoredFile | undefined {
    const id = this.uploads.get(uploadId);
    this.uploads.delete(uploadId);
    return id ? this.files.get(id) : undefined;
  }
  clear(): void {
    this.files.clear();
    this.uploads.clear();
  }
}
