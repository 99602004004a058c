import { assertProjectMember } from '../access/instance-access.ts';
import { noSuchObject, noSuchProject } from '../http/api-error.ts';
import type { RouteMatch } from '../routes/router.ts';
import { createDownload, downloadData, readDownload } from './download-routes.ts';

/** The tunnel's mount, beside the API's: what `GET /projects/{p}/tunnel?service` points clients at. */
export const TUNNEL_PREFIX = '/tunnel';

/** Path shapes under the tunnel's mount; anything else is NoSuchObject. */
export function matchTunnelRoute(
  method: string,
  segments: readonly string[],
  query: ReadonlyMap<string, string>,
): RouteMatch {
  const [first, project = '', collection, id = '', ...rest] = segments;
  if (first === 'projects' && collection === 'instances' && id !== '' && rest.length === 0) {
    const guarded =
      (handler: typeof createDownload): RouteMatch['handle'] =>
      (context, request) => {
        if (!context.registry.hasProject(project)) throw noSuchProject(project);
        assertProjectMember(request.caller, project);
        return handler(context, request, project, id);
      };
    if (method === 'POST' && query.has('downloads')) {
      return { kind: 'POST tunnel downloads', handle: guarded(createDownload) };
    }
    if (method === 'GET' && query.has('downloadid')) {
      return query.has('data')
        ? { kind: 'GET tunnel data', handle: guarded(downloadData) }
        : { kind: 'GET tunnel session', handle: guarded(readDownload) };
    }
  }
  const path = `/${segments.join('/')}`;
  return {
    kind: `${method} tunnel other`,
    handle: () => Promise.reject(noSuchObject(`Unknown tunnel resource ${method} ${path}`)),
  };
}
