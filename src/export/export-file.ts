import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type { ResultExport } from '../tracker/maxcompute-gateway.ts';

/**
 * A result written to a file on local disk (Lambda's /tmp), then compressed when it is large: Slack's
 * upload and S3 both want the length before the bytes, and a result of any size must not be held in
 * memory. Chunks are pulled from the tunnel only as fast as the disk takes them (stream back-pressure).
 */
export interface ExportFile {
  readonly path: string;
  /** What the file is called where people download it: `<instance>.csv` or `<instance>.csv.gz`. */
  readonly filename: string;
  readonly gzip: boolean;
  /** Bytes of the file as stored (compressed when gzip). */
  readonly bytes: number;
  /** Bytes of the CSV itself. */
  readonly csvBytes: number;
  readonly rows: number;
  /** Deletes the file and its directory. */
  remove(): Promise<void>;
}

export interface ExportFileOptions {
  /** The CSV is gzipped when it is larger than this (default 5 MB). */
  readonly gzipAboveBytes?: number;
  readonly signal?: AbortSignal;
  /** Called as rows are written, at most once per chunk. */
  readonly onProgress?: (rows: number, csvBytes: number) => void;
  readonly directory?: string;
}

export const DEFAULT_GZIP_ABOVE_BYTES = 5 * 1024 * 1024;

export async function writeExportFile(
  name: string,
  result: ResultExport,
  options: ExportFileOptions = {},
): Promise<ExportFile> {
  const directory = await mkdtemp(join(options.directory ?? tmpdir(), 'odps-export-'));
  const remove = () => rm(directory, { recursive: true, force: true });
  try {
    const csvPath = join(directory, `${name}.csv`);
    const written = await writeCsv(result, csvPath, options);
    if (written.csvBytes <= (options.gzipAboveBytes ?? DEFAULT_GZIP_ABOVE_BYTES)) {
      return { path: csvPath, filename: `${name}.csv`, gzip: false, bytes: written.csvBytes, ...written, remove };
    }
    const gzPath = `${csvPath}.gz`;
    await pipeline(createReadStream(csvPath), createGzip(), createWriteStream(gzPath), { signal: options.signal });
    await rm(csvPath);
    const { size } = await stat(gzPath);
    return { path: gzPath, filename: `${name}.csv.gz`, gzip: true, bytes: size, ...written, remove };
  } catch (error) {
    await remove();
    throw error;
  }
}

async function writeCsv(
  result: ResultExport,
  path: string,
  options: ExportFileOptions,
): Promise<{ rows: number; csvBytes: number }> {
  let csvBytes = 0;
  let newlines = 0;
  const count = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      csvBytes += chunk.length;
      newlines += countNewlines(chunk);
      // The header is the first line: rows are the lines after it.
      options.onProgress?.(Math.max(0, newlines - 1), csvBytes);
      done(null, chunk);
    },
  });
  await pipeline(Readable.from(encoded(result.csv())), count, createWriteStream(path), { signal: options.signal });
  return { rows: Math.max(0, newlines - 1), csvBytes };
}

async function* encoded(chunks: AsyncIterable<string>): AsyncGenerator<Buffer> {
  for await (const chunk of chunks) yield Buffer.from(chunk, 'utf8');
}

function countNewlines(chunk: Buffer): number {
  let count = 0;
  for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) count++;
  return count;
}
