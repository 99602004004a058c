import { XMLParser } from 'fast-xml-parser';
import { Agent, request } from 'undici';
import type { EmulatorAccount } from '../../../src/emulator/index.ts';
import { authorizationHeader } from '../../../src/maxcompute/signer.ts';

/**
 * Raw HTTP against the emulator, signed with the product signer: tests see status, headers and
 * bodies exactly as they went over the wire, with no client library in between.
 */
export interface RawReply {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

export interface SendOptions {
  readonly body?: string;
  readonly contentType?: string;
  readonly headers?: Record<string, string>;
  /** Date to sign with; defaults to the client's clock. */
  readonly date?: Date;
  readonly region?: string;
  /** Skip signing entirely (no Authorization header). */
  readonly unsigned?: boolean;
}

export class SignedClient {
  readonly endpoint: string;
  readonly account: EmulatorAccount;
  private readonly clock: () => number;
  private readonly dispatcher = new Agent({ keepAliveTimeout: 10, keepAliveMaxTimeout: 10 });

  constructor(endpoint: string, account: EmulatorAccount, clock: () => number = Date.now) {
    this.endpoint = endpoint;
    this.account = account;
    this.clock = clock;
  }

  /** `resource` is relative to the endpoint, with its query, e.g. `/projects/p/instances?status=Running`. */
  async send(method: string, resource: string, options: SendOptions = {}): Promise<RawReply> {
    const date = options.date ?? new Date(this.clock());
    const headers: Record<string, string> = {
      Date: date.toUTCString(),
      'x-odps-user-agent': 'emulator-tests/1.0',
      ...(options.contentType === undefined ? {} : { 'Content-Type': options.contentType }),
      ...options.headers,
    };
    if (!options.unsigned) {
      headers.Authorization = authorizationHeader(this.account, { method, resource, headers }, date, options.region);
    }
    if (this.account.securityToken !== undefined) headers['authorization-sts-token'] = this.account.securityToken;
    return rawRequest(this.endpoint + resource, method, headers, options.body, this.dispatcher);
  }

  close(): Promise<void> {
    return this.dispatcher.close();
  }
}

export async function rawRequest(
  url: string,
  method: string,
  headers: Record<string, string>,
  body?: string,
  dispatcher?: Agent,
): Promise<RawReply> {
  const response = await request(url, {
    method: method as 'GET',
    headers,
    body,
    ...(dispatcher === undefined ? {} : { dispatcher }),
  });
  const text = await response.body.text();
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return { status: response.statusCode, headers: flat, body: text };
}

const xmlParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  trimValues: false,
  isArray: (name) => ['Instance', 'Task', 'Stage', 'Action', 'Property', 'Parameter'].includes(name),
});

/** Parses a reply body as XML; arrays for repeated elements. */
export function parseXmlBody(body: string): Record<string, unknown> {
  return xmlParser.parse(body) as Record<string, unknown>;
}
