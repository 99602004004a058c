/**
 * An error reply: thrown anywhere below the router, rendered once as the <Error> document
 * (Code, Message, RequestId, HostId: PyODPS needs all four).
 * See docs/maxcompute-protocol.md, "Error responses".
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly headers: Readonly<Record<string, string>>;

  constructor(status: number, code: string, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.headers = headers;
  }
}

export const noSuchObject = (message: string) => new ApiError(404, 'NoSuchObject', message);
export const noSuchProject = (project: string) =>
  new ApiError(404, 'NoSuchProject', `Project not found - '${project}'`);
export const instanceNotFound = (id: string) => noSuchObject(`Instance not found: ${id}`);
export const invalidXml = (detail: string) =>
  new ApiError(400, 'ODPS-0420031', `Invalid xml in request body - ${detail}`);
export const invalidParameter = (detail: string) => new ApiError(400, 'ODPS-0420061', `Invalid parameter - ${detail}`);
export const methodNotAllowed = (method: string, path: string) =>
  new ApiError(405, 'MethodNotAllowed', `The method ${method} is not allowed for ${path}`);
