import type { MaxComputeClient } from '../maxcompute/client.ts';
import type { ResultReader } from '../maxcompute/index.ts';
import type { ResultExport } from '../tracker/maxcompute-gateway.ts';
import type { InstanceKey } from '../tracker/ports.ts';
import { inPortTerms, toPortError } from './port-errors.ts';
import { csvHeader, csvLine } from './result-csv.ts';

/** Lines per chunk handed on: large enough to write in few calls, small enough to stay a few hundred KB. */
const LINES_PER_CHUNK = 2000;

/**
 * Opens the instance's Instance Tunnel download and offers the result as CSV text. The session is
 * created now (a missing instance, one with no result or a project that forbids the download fails
 * here, before anything is written); rows are read only as the consumer takes the chunks.
 */
export async function openResultExport(
  client: MaxComputeClient,
  key: InstanceKey,
  signal: AbortSignal | undefined,
): Promise<ResultExport> {
  const reader = await inPortTerms(() =>
    client.openResultReader(key.instanceId, { project: key.project, ...(signal ? { signal } : {}) }),
  );
  return {
    columns: reader.columns.map((column) => column.name),
    rowCount: reader.recordCount,
    csv: () => csvChunks(reader),
  };
}

async function* csvChunks(reader: ResultReader): AsyncGenerator<string> {
  yield csvHeader(reader.columns);
  let lines: string[] = [];
  try {
    for await (const batch of reader.rows()) {
      for (const row of batch) {
        lines.push(csvLine(row, reader.columns));
        if (lines.length >= LINES_PER_CHUNK) {
          yield lines.join('');
          lines = [];
        }
      }
    }
  } catch (error) {
    throw toPortError(error);
  }
  if (lines.length > 0) yield lines.join('');
}
