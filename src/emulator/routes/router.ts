import { assertProjectMember } from '../access/instance-access.ts';
import type { EmulatorContext } from '../context.ts';
import { methodNotAllowed, noSuchObject, noSuchProject } from '../http/api-error.ts';
import type { Reply } from '../http/reply.ts';
import type { ApiRequest } from './api-request.ts';
import { acceptLogs, jobInsightHost, logviewHost, signBearerToken, tenants, tunnelService } from './incidental.ts';
import { instanceAction, readInstance } from './instance-read.ts';
import { stopInstance } from './instance-stop.ts';
import { createInstance } from './instances-create.ts';
import { listInstances } from './instances-list.ts';

type Handler = (context: EmulatorContext, request: ApiRequest) => Reply | Promise<Reply>;

/** A matched route: `kind` names it in stats ('GET taskstatus'), `handle` runs after authentication. */
export interface RouteMatch {
  readonly kind: string;
  readonly handle: Handler;
}

/** Path shapes under the prefix, with their handlers per method. */
export function matchRoute(
  method: string,
  segments: readonly string[],
  query: ReadonlyMap<string, string>,
): RouteMatch {
  const [first, project = '', collection, id, ...rest] = segments;
  const path = `/${segments.join('/')}`;
  const byMethod = (kind: string, handlers: Record<string, Handler>): RouteMatch => {
    const handler = handlers[method];
    const resolvedKind = `${method} ${kind}`;
    if (handler === undefined) {
      return { kind: resolvedKind, handle: () => Promise.reject(methodNotAllowed(method, path)) };
    }
    return { kind: resolvedKind, handle: handler };
  };
  const inProject =
    (handler: Handler): Handler =>
    (context, request) => {
      if (!context.registry.hasProject(project)) throw noSuchProject(project);
      assertProjectMember(request.caller, project);
      return handler(context, request);
    };

  if (segments.length === 2 && first === 'logview' && project === 'host') {
    return byMethod('logview/host', { GET: (context) => logviewHost(context) });
  }
  if (segments.length === 2 && first === 'webconsole' && project === 'host') {
    return byMethod('webconsole/host', { GET: (context) => jobInsightHost(context) });
  }
  if (segments.length === 1 && first === 'tenants') return byMethod('tenants', { GET: () => tenants() });
  if (first === 'projects' && project !== '' && rest.length === 0) {
    if (collection === 'instances' && id === undefined) {
      return byMethod('instances', {
        GET: inProject((context, request) => listInstances(context, request, project)),
        POST: inProject((context, request) => createInstance(context, request, project)),
      });
    }
    if (collection === 'instances' && id !== undefined && id !== '') {
      const kind = method === 'GET' ? instanceAction(query) : 'instance';
      return byMethod(kind, {
        GET: inProject((context, request) => readInstance(context, request, id)),
        PUT: inProject((context, request) => stopInstance(context, request, project, id)),
      });
    }
    if (id === undefined && collection === 'authorization') {
      return byMethod('authorization', {
        POST: inProject((context, request) => signBearerToken(context, request, project)),
      });
    }
    if (id === undefined && collection === 'logs') return byMethod('logs', { PUT: inProject(() => acceptLogs()) });
    if (id === undefined && collection === 'tunnel') {
      return byMethod('tunnel', { GET: inProject((context, request) => tunnelService(context, request)) });
    }
  }
  return {
    kind: `${method} other`,
    handle: () => Promise.reject(noSuchObject(`Unknown resource ${path}`)),
  };
}
