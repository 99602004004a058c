import { createReadStream } from 'node:fs';
import type { WebClient } from '@slack/web-api';
import { request } from 'undici';

/** A file on local disk to share in a channel, its length known (Slack asks for it first). */
export interface DiskFile {
  readonly channel: string;
  readonly threadTs?: string;
  readonly path: string;
  readonly filename: string;
  readonly bytes: number;
  readonly comment: string;
}

export class SlackUploadError extends Error {
  readonly code = 'slack_upload_failed';
  readonly retryable: boolean;

  constructor(message: string, retryable: boolean, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SlackUploadError';
    this.retryable = retryable;
  }
}

/**
 * Files upload v2's three steps with the bytes streamed from disk: the SDK's filesUploadV2 reads a
 * stream whole into memory first, which an export of up to ODPS_EXPORT_SLACK_MAX_MB must not do.
 * Reserve (files.getUploadURLExternal, with the length), send the bytes to the upload URL, complete
 * (files.completeUploadExternal, shared in the channel or thread with its comment).
 */
export async function uploadFromDisk(client: WebClient, file: DiskFile, signal?: AbortSignal): Promise<string> {
  const reserved = await client.files.getUploadURLExternal({ filename: file.filename, length: file.bytes });
  if (!reserved.upload_url || !reserved.file_id) throw new SlackUploadError('Slack gave no upload URL', true);
  const response = await request(reserved.upload_url, {
    method: 'POST',
    body: createReadStream(file.path),
    headers: { 'content-type': 'application/octet-stream', 'content-length': String(file.bytes) },
    ...(signal ? { signal } : {}),
  });
  await response.body.dump();
  if (response.statusCode !== 200) {
    throw new SlackUploadError(
      `Slack's upload URL answered HTTP ${response.statusCode}`,
      response.statusCode >= 500 || response.statusCode === 429,
    );
  }
  await client.files.completeUploadExternal({
    files: [{ id: reserved.file_id, title: file.filename }],
    channel_id: file.channel,
    ...(file.threadTs ? { thread_ts: file.threadTs } : {}),
    initial_comment: file.comment,
  });
  return reserved.file_id;
}
