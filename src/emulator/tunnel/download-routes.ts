import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createDeflate } from 'node:zlib';
import { assertInstanceAccess } from '../access/instance-access.ts';
import type { EmulatorContext } from '../context.ts';
import { ApiError, instanceNotFound } from '../http/api-error.ts';
import { jsonReply, type Reply } from '../http/reply.ts';
import type { InstanceRecord, TaskOutcome } from '../model/instance.ts';
import type { ApiRequest } from '../routes/api-request.ts';
import { MAX_RESULT_ROWS } from '../sql/run-task.ts';
import { cellOf } from './cells.ts';
import { kindOfType, RecordWriter } from './record-writer.ts';
import type { DownloadSession } from './sessions.ts';

/**
 * The Instance Tunnel's download requests (docs/maxcompute-protocol.md, "The Instance Tunnel"):
 * create a session on a terminated instance's result, read it back, and stream row ranges of it.
 */
const invalidArgument = (message: string) => new ApiError(400, 'InvalidArgument', message);
const invalidRowRange = (message: string) => new ApiError(400, 'InvalidRowRange', message);
/** The form of MaxCompute's authorization failures: the action and the resource it was refused on. */
const downloadDenied = (project: string, id: string) =>
  new ApiError(
    403,
    'NoPermission',
    `ODPS-0420095: Access Denied - Authorization Failed [4019], You have NO privilege 'odps:Download' on {acs:odps:*:projects/${project}/instances/${id}}.`,
  );
const noSuchDownload = (id: string) => new ApiError(404, 'NoSuchDownload', `Download session not found: ${id}`);

/** POST /projects/{p}/instances/{id}?downloads */
export function createDownload(context: EmulatorContext, request: ApiRequest, project: string, id: string): Reply {
  const instance = context.registry.get(project, id);
  if (instance === undefined) throw instanceNotFound(id);
  assertInstanceAccess(request.caller, instance, 'odps:Read');
  if (request.caller.account.deniedActions?.includes('odps:Download')) throw downloadDenied(project, id);
  const now = context.now();
  if (context.lifecycle.statusAt(instance, now) !== 'Terminated') {
    throw new ApiError(409, 'StatusConflict', `Instance ${id} has not terminated; its result cannot be read yet`);
  }
  const outcome = resultOutcome(instance);
  if (outcome.fullResult === undefined || !context.engine.results.has(outcome.fullResult.table)) {
    throw invalidArgument(`The result of instance ${id} is not kept by the emulator (too many rows, or too old)`);
  }
  const limited = request.query.has('instance_tunnel_limit_enabled');
  const rows = outcome.fullResult.rowCount;
  const session = context.downloads.create(
    {
      project,
      instanceId: id,
      table: outcome.fullResult.table,
      columns: outcome.columns ?? [],
      recordCount: limited ? Math.min(rows, MAX_RESULT_ROWS) : rows,
    },
    now,
  );
  return jsonReply(sessionBody(session));
}

/** GET /projects/{p}/instances/{id}?downloadid=…: the session again. */
export function readDownload(context: EmulatorContext, request: ApiRequest, project: string, id: string): Reply {
  return jsonReply(sessionBody(sessionOf(context, request, project, id)));
}

/** GET /projects/{p}/instances/{id}?downloadid=…&rowrange=(start,count)&data */
export function downloadData(context: EmulatorContext, request: ApiRequest, project: string, id: string): Reply {
  const session = sessionOf(context, request, project, id);
  if (request.query.has('columns')) throw invalidArgument('Reading a subset of columns is not emulated');
  if (request.query.has('arrow')) throw invalidArgument('The Arrow format is not emulated');
  const range = parseRowRange(request.query.get('rowrange'), session.recordCount);
  const corruptAt = request.faults?.corruptChecksum ? range.start + Math.floor(range.count / 2) : undefined;
  const records = Readable.from(recordBytes(context, session, range, corruptAt));
  const deflate = /\bdeflate\b/i.test(String(request.headers['accept-encoding'] ?? ''));
  return {
    status: 200,
    headers: { 'Content-Type': 'application/octet-stream', ...(deflate ? { 'Content-Encoding': 'deflate' } : {}) },
    body: '',
    stream: deflate ? deflated(records) : records,
  };
}

function sessionOf(context: EmulatorContext, request: ApiRequest, project: string, id: string): DownloadSession {
  const downloadId = request.query.get('downloadid') ?? '';
  const instance = context.registry.get(project, id);
  if (instance === undefined) throw instanceNotFound(id);
  assertInstanceAccess(request.caller, instance, 'odps:Read');
  const session = context.downloads.get(downloadId, project, id, context.now(), context.options.downloadSessionTtlMs);
  if (session === undefined) throw noSuchDownload(downloadId);
  // The real service's answer to an expired session is unverified; the client takes either form.
  if (session === 'expired') throw new ApiError(404, 'NoSuchDownload', `Download session ${downloadId} has expired`);
  return session;
}

/** The task whose result the tunnel serves: the first with a tabular result. */
function resultOutcome(instance: InstanceRecord): TaskOutcome {
  const outcomes = [...(instance.outcome?.tasks.values() ?? [])];
  const tabular = outcomes.find((outcome) => outcome.status === 'Success' && outcome.format === 'csv');
  if (tabular !== undefined) return tabular;
  const failed = outcomes.find((outcome) => outcome.status !== 'Success');
  throw invalidArgument(
    failed === undefined
      ? `Instance ${instance.id} has no result table to download`
      : `Instance ${instance.id} did not succeed (${failed.status}); it has no result to download`,
  );
}

function sessionBody(session: DownloadSession): Record<string, unknown> {
  return {
    DownloadID: session.id,
    Status: 'normal',
    RecordCount: session.recordCount,
    Schema: {
      columns: session.columns.map((c) => ({ name: c.name, type: c.type, comment: '', nullable: true })),
      partitionKeys: [],
    },
    QuotaName: '',
  };
}

/** `(start,count)`, within the session's rows. */
function parseRowRange(text: string | undefined, recordCount: number): { start: number; count: number } {
  const match = /^\(\s*(\d{1,15})\s*,\s*(\d{1,15})\s*\)$/.exec(text ?? '');
  if (match === null) throw invalidRowRange(`rowrange must be (start,count), got ${JSON.stringify(text ?? '')}`);
  const start = Number(match[1]);
  const count = Number(match[2]);
  if (start + count > recordCount) {
    throw invalidRowRange(`rows ${start} to ${start + count} are outside the ${recordCount} rows of the session`);
  }
  return { start, count };
}

async function* recordBytes(
  context: EmulatorContext,
  session: DownloadSession,
  range: { start: number; count: number },
  corruptAt: number | undefined,
): AsyncGenerator<Buffer> {
  const types = session.columns.map((c) => c.type);
  const writer = new RecordWriter(types.map(kindOfType));
  let index = range.start;
  for await (const rows of context.engine.results.read(session.table, range.start, range.count)) {
    for (const row of rows) {
      writer.write(
        row.map((value, i) => cellOf(value, types[i] as string)),
        index === corruptAt,
      );
      index += 1;
    }
    if (writer.buffered >= 32 * 1024) yield writer.take();
  }
  if (index !== range.start + range.count) throw new Error(`the stored result ended at row ${index}`);
  writer.end();
  yield writer.take();
}

async function* deflated(source: Readable): AsyncGenerator<Buffer> {
  const deflate = createDeflate();
  const done = pipeline(source, deflate);
  done.catch(() => undefined); // the iteration below sees the same failure
  yield* deflate as AsyncIterable<Buffer>;
  await done;
}
