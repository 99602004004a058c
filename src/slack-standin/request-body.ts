import type { IncomingMessage } from 'node:http';

/** Fields Slack carries as JSON text inside a form: parsed so tests can assert on objects. */
const JSON_FIELDS = new Set(['blocks', 'attachments', 'metadata', 'view', 'files', 'unfurls']);

export async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** A JSON field that does not parse stays a string, so the method can answer invalid_*_format like Slack. */
function parseJsonField(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function fromForm(entries: Iterable<[string, string]>): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const [key, value] of entries) args[key] = JSON_FIELDS.has(key) ? parseJsonField(value) : value;
  return args;
}

/** Multipart parts as Buffers (files) or strings; the platform's FormData parser reads the boundary. */
export async function readMultipart(body: Buffer, contentType: string): Promise<Map<string, string | Buffer>> {
  const form = await new Response(body, { headers: { 'content-type': contentType } }).formData();
  const parts = new Map<string, string | Buffer>();
  for (const [key, value] of form) {
    parts.set(key, typeof value === 'string' ? value : Buffer.from(await value.arrayBuffer()));
  }
  return parts;
}

/**
 * Method arguments the way Slack reads them: query string, then a form, JSON or multipart body.
 * @slack/web-api sends forms with objects JSON-stringified inside; fetch callers may send JSON.
 */
export async function parseArgs(
  query: URLSearchParams,
  body: Buffer,
  contentType = '',
): Promise<Record<string, unknown>> {
  const args = fromForm(query);
  const mediaType = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (body.length === 0) return args;
  if (mediaType === 'application/json') {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new SyntaxError('JSON body is not an object');
    return { ...args, ...(parsed as Record<string, unknown>) };
  }
  if (mediaType === 'multipart/form-data') {
    for (const [key, value] of await readMultipart(body, contentType)) {
      args[key] = typeof value === 'string' && JSON_FIELDS.has(key) ? parseJsonField(value) : value;
    }
    return args;
  }
  return { ...args, ...fromForm(new URLSearchParams(body.toString('utf8'))) };
}

/** Slack's truthy form values: true, 'true', '1'. */
export function isTrue(value: unknown): boolean {
  return value === true || value === 'true' || value === '1' || value === 1;
}

export function stringArg(args: Record<string, unknown>, key: string): string | undefined {
  const value = args[key];
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}
