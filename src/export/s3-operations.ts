/**
 * Which S3 API operation a path-style HTTP request is, from its method, path and query alone: how
 * the embedded server (src/export/embedded-s3.ts) routes AbortMultipartUpload, which s3rver lacks,
 * and names each request it records (test/infra/export-s3-actions.test.ts compares those with the
 * worker's IAM grant). Only the operations an object store client makes are told apart; anything
 * else is `Other` and fails that comparison, which is the point.
 */
export type S3Operation =
  | 'PutObject'
  | 'CopyObject'
  | 'CreateMultipartUpload'
  | 'UploadPart'
  | 'UploadPartCopy'
  | 'CompleteMultipartUpload'
  | 'AbortMultipartUpload'
  | 'ListParts'
  | 'GetObject'
  | 'HeadObject'
  | 'DeleteObject'
  | 'Other';

export interface S3Request {
  readonly operation: S3Operation;
  readonly bucket: string | undefined;
  readonly key: string | undefined;
  readonly uploadId: string | undefined;
}

export function s3RequestOf(method: string, url: string, copySource = false): S3Request {
  const parsed = new URL(url, 'http://s3.local');
  const [bucket, ...rest] = parsed.pathname.slice(1).split('/').map(decodeURIComponent);
  const key = rest.length > 0 && rest.join('/') !== '' ? rest.join('/') : undefined;
  const uploadId = parsed.searchParams.get('uploadId') ?? undefined;
  const request = { bucket: bucket === '' ? undefined : bucket, key, uploadId };
  if (key === undefined) return { ...request, operation: 'Other' };
  return { ...request, operation: objectOperation(method.toUpperCase(), parsed.searchParams, copySource) };
}

function objectOperation(method: string, query: URLSearchParams, copySource: boolean): S3Operation {
  if (query.has('uploadId')) return multipartOperation(method, copySource);
  // Signing parameters, the SDK's `x-id` and GetObject's response-* overrides name no subresource.
  const plain = [...query.keys()].every((name) => /^(x-id|x-amz-.*|response-.*)$/i.test(name));
  switch (method) {
    case 'PUT':
      if (!plain) return 'Other';
      return copySource ? 'CopyObject' : 'PutObject';
    case 'POST':
      return query.has('uploads') ? 'CreateMultipartUpload' : 'Other';
    case 'DELETE':
      return plain ? 'DeleteObject' : 'Other';
    case 'GET':
      return plain ? 'GetObject' : 'Other';
    case 'HEAD':
      return plain ? 'HeadObject' : 'Other';
    default:
      return 'Other';
  }
}

function multipartOperation(method: string, copySource: boolean): S3Operation {
  switch (method) {
    case 'PUT':
      return copySource ? 'UploadPartCopy' : 'UploadPart';
    case 'POST':
      return 'CompleteMultipartUpload';
    case 'DELETE':
      return 'AbortMultipartUpload';
    case 'GET':
      return 'ListParts';
    default:
      return 'Other';
  }
}
