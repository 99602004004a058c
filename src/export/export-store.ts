import type { InstanceKey } from '../tracker/ports.ts';
import type { ExportFile } from './export-file.ts';

/**
 * Where an export too large for Slack is kept, with a link that works until `expiresAt`: S3 on AWS,
 * an S3-compatible server locally. The exporter (src/slack/result-exporter.ts) needs only this.
 */
export interface ExportStore {
  store(key: InstanceKey, file: ExportFile, signal?: AbortSignal): Promise<ExportDownload>;
}

export interface ExportDownload {
  readonly url: string;
  readonly expiresAt: Date;
}
