import { randomUUID } from 'node:crypto';
import type { Reply } from '../http/reply.ts';
import type { StsError } from './sts-error.ts';

/** Real STS names itself here in every error body. */
export const STS_HOST_ID = 'sts.aliyuncs.com';
const JSON_TYPE = 'application/json;charset=utf-8';

/** Request ids as Alibaba Cloud's gateway writes them: an upper-case UUID. */
export function newStsRequestId(): string {
  return randomUUID().toUpperCase();
}

export function stsAnswer(body: object, requestId: string): Reply {
  return {
    status: 200,
    headers: { 'Content-Type': JSON_TYPE, 'x-acs-request-id': requestId },
    body: JSON.stringify({ RequestId: requestId, ...body }),
  };
}

/**
 * The gateway's JSON error body: RequestId, HostId, Code, Message, and Recommend, a link to its
 * troubleshooting page for the code.
 */
export function stsErrorReply(error: StsError, requestId: string): Reply {
  const recommend = `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(error.code)}&product=Sts&requestId=${requestId}`;
  return {
    status: error.status,
    headers: { 'Content-Type': JSON_TYPE, 'x-acs-request-id': requestId },
    body: JSON.stringify({
      RequestId: requestId,
      HostId: STS_HOST_ID,
      Code: error.code,
      Message: error.message,
      Recommend: recommend,
    }),
  };
}
