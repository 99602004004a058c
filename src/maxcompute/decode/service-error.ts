/**
 * Error bodies to {@link MaxComputeServiceError}. This never throws: whatever came back, the
 * caller gets an error it can classify. XML `<Error>` and the JSON form are read; anything else
 * falls back as PyODPS does (404 NoSuchObject, 401 Unauthorized, otherwise the body text).
 * See docs/maxcompute-protocol.md, "Error responses".
 */
import { MaxComputeServiceError, type ServiceErrorDetails } from '../errors.ts';
import { headerValue, type ResponseHeaders } from './headers.ts';
import { optionalText, parseXml } from './xml.ts';

const MAX_MESSAGE = 500;

interface BodyError {
  readonly code: string;
  readonly message: string;
  readonly requestId?: string;
  readonly hostId?: string;
}

export function decodeServiceError(
  httpStatus: number,
  body: string,
  headers?: ResponseHeaders,
): MaxComputeServiceError {
  let text = '';
  let parsed: { error: BodyError; requestIdHeaderFirst: boolean } | undefined;
  let headerRequestId: string | undefined;
  let retryAfterSeconds: number | undefined;
  try {
    text = typeof body === 'string' ? body : String(body ?? '');
    headerRequestId = headerValue(headers, 'x-odps-request-id');
    retryAfterSeconds = parseRetryAfter(headerValue(headers, 'retry-after'));
    parsed = parseBody(text.trim());
  } catch {
    // Only odd runtime input (a body whose toString throws, a hostile headers object) lands here.
  }
  const error = parsed?.error;
  // PyODPS prefers the header for JSON bodies and the body's own id for XML ones.
  const requestId = parsed?.requestIdHeaderFirst
    ? (headerRequestId ?? error?.requestId)
    : (error?.requestId ?? headerRequestId);
  const details: ServiceErrorDetails = {
    httpStatus,
    serviceCode: error?.code ?? fallbackCode(httpStatus),
    serviceMessage: error ? error.message : fallbackMessage(httpStatus, text),
    ...(requestId !== undefined && { requestId }),
    ...(error?.hostId !== undefined && { hostId: error.hostId }),
    ...(retryAfterSeconds !== undefined && { retryAfterSeconds }),
  };
  return new MaxComputeServiceError(details);
}

function parseBody(trimmed: string): { error: BodyError; requestIdHeaderFirst: boolean } | undefined {
  if (trimmed.startsWith('<')) {
    const error = parseXmlError(trimmed);
    return error && { error, requestIdHeaderFirst: false };
  }
  if (trimmed.startsWith('{')) {
    const error = parseJsonError(trimmed);
    return error && { error, requestIdHeaderFirst: true };
  }
  return undefined;
}

function parseXmlError(xml: string): BodyError | undefined {
  try {
    const element = parseXml('error', xml, 'Error');
    const code = optionalText(element, 'Code')?.trim();
    if (!code) return undefined;
    return withOptional(
      code,
      optionalText(element, 'Message')?.trim() ?? '',
      optionalText(element, 'RequestId')?.trim(),
      optionalText(element, 'HostId')?.trim(),
    );
  } catch {
    return undefined;
  }
}

function parseJsonError(json: string): BodyError | undefined {
  try {
    const doc: unknown = JSON.parse(json);
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return undefined;
    const fields = doc as Record<string, unknown>;
    const code = scalarText(fields.Code);
    if (!code) return undefined;
    return withOptional(
      code,
      scalarText(fields.Message) ?? '',
      scalarText(fields.RequestId),
      scalarText(fields.HostId),
    );
  } catch {
    return undefined;
  }
}

function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

function withOptional(code: string, message: string, requestId?: string, hostId?: string): BodyError {
  return { code, message, ...(requestId && { requestId }), ...(hostId && { hostId }) };
}

function fallbackCode(httpStatus: number): string {
  if (httpStatus === 404) return 'NoSuchObject';
  if (httpStatus === 401) return 'Unauthorized';
  return `HTTP${httpStatus}`;
}

function fallbackMessage(httpStatus: number, text: string): string {
  const trimmed = text.trim();
  if (trimmed === '') return `HTTP ${httpStatus} with an empty body`;
  if (trimmed.length <= MAX_MESSAGE) return trimmed;
  // Do not cut a surrogate pair in half.
  const end = /[\uD800-\uDBFF]/.test(trimmed.charAt(MAX_MESSAGE - 1)) ? MAX_MESSAGE - 1 : MAX_MESSAGE;
  return `${trimmed.slice(0, end)}…`;
}

/** Delay-seconds form only; an HTTP-date Retry-After is ignored (the service sends seconds). */
function parseRetryAfter(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d+(?:\.\d+)?$/.test(value)) return undefined;
  const seconds = Number(value);
  return Number.isFinite(seconds) ? seconds : undefined;
}
