import assert from 'node:assert/strict';
import { parseXmlBody, type RawReply } from './signed-client.ts';

/**
 * An <Error> reply as it must be: all four children, RequestId equal to the header.
 * See docs/maxcompute-protocol.md, "Error responses".
 */
export function assertXmlError(reply: RawReply, status: number, code: string): { message: string } {
  assert.equal(reply.status, status, reply.body);
  const requestId = reply.headers['x-odps-request-id'];
  assert.match(requestId ?? '', /^[0-9A-F]{24}$/);
  const doc = parseXmlBody(reply.body) as { Error?: Record<string, unknown> };
  const error = doc.Error;
  assert.ok(error !== undefined, `no <Error> root in ${reply.body}`);
  assert.equal(error.Code, code);
  assert.equal(typeof error.Message, 'string');
  assert.ok(String(error.Message).length > 0);
  assert.equal(error.RequestId, requestId);
  assert.ok(String(error.HostId).length > 0);
  assert.match(reply.body, /<Message><!\[CDATA\[/);
  return { message: String(error.Message) };
}
