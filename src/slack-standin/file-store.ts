import type { StandinFile } from './types.ts';

interface Upload {
  id: string;
  filename: string;
  declaredLength: number;
  content?: Buffer;
  completed?: Omit<StandinFile, 'id' | 'filename' | 'content'>;
}

/**
 * Files upload v2 as three steps, each able to fail on its own: reserve (files.getUploadURLExternal),
 * receive the bytes (POST to the upload URL), complete (files.completeUploadExternal). Only a
 * completed file is visible, as in Slack, where an uncompleted upload is never shared.
 */
export class FileStore {
  readonly #uploads = new Map<string, Upload>();
  #sequence = 0;

  reserve(filename: string, declaredLength: number): string {
    this.#sequence += 1;
    const id = `F${String(this.#sequence).padStart(8, '0')}`;
    this.#uploads.set(id, { id, filename, declaredLength });
    return id;
  }

  /** False when the id was never reserved or its upload was already completed. */
  receive(id: string, content: Buffer): boolean {
    const upload = this.#uploads.get(id);
    if (upload === undefined || upload.completed !== undefined) return false;
    upload.content = content;
    return true;
  }

  /** An id that can be completed now: reserved, bytes received, not completed yet. */
  isReady(id: string): boolean {
    const upload = this.#uploads.get(id);
    return upload?.content !== undefined && upload.completed === undefined;
  }

  complete(id: string, share: Omit<StandinFile, 'id' | 'filename' | 'content'>): StandinFile {
    const upload = this.#uploads.get(id);
    if (upload?.content === undefined) throw new Error(`file ${id} is not ready to complete`);
    upload.completed = share;
    return this.#toFile(upload, upload.content, share);
  }

  list(): StandinFile[] {
    const files: StandinFile[] = [];
    for (const upload of this.#uploads.values()) {
      if (upload.completed !== undefined && upload.content !== undefined) {
        files.push(this.#toFile(upload, upload.content, upload.completed));
      }
    }
    return files;
  }

  #toFile(upload: Upload, content: Buffer, share: Omit<StandinFile, 'id' | 'filename' | 'content'>): StandinFile {
    const file: StandinFile = { id: upload.id, filename: upload.filename, content: Buffer.from(content) };
    for (const [key, value] of Object.entries(share)) {
      if (value !== undefined) Object.assign(file, { [key]: value });
    }
    return file;
  }
}
