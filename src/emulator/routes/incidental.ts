import type { EmulatorContext } from '../context.ts';
import { invalidParameter, noSuchObject } from '../http/api-error.ts';
import { emptyReply, jsonReply, type Reply, textReply, xmlReply } from '../http/reply.ts';
import { el } from '../http/xml-writer.ts';
import { claimsFromPolicy } from '../logview/token.ts';
import type { ApiRequest } from './api-request.ts';

/** The small requests around the instance API (docs/maxcompute-protocol.md, "Incidental requests"). */

/** POST /projects/{p}/authorization?sign_bearer_token -> <Authorization><Result>TOKEN</Result></Authorization>. */
export function signBearerToken(context: EmulatorContext, request: ApiRequest, project: string): Reply {
  if (!request.query.has('sign_bearer_token')) throw invalidParameter('only ?sign_bearer_token is supported');
  const claims = claimsFromPolicy(request.body, project, context.now());
  return xmlReply(el('Authorization', el('Result', context.tokens.issue(claims))));
}

/** GET /logview/host: by default the emulator itself, which serves the Logview page. */
export function logviewHost(context: EmulatorContext): Reply {
  const host = context.options.logviewHost === undefined ? context.origin : context.options.logviewHost;
  if (host === null) throw noSuchObject('No Logview host is configured');
  return textReply(host);
}

export function jobInsightHost(context: EmulatorContext): Reply {
  const host = context.options.jobInsightHost;
  if (host === null) throw noSuchObject('No job-insight host is configured');
  return textReply(host);
}

export function tenants(): Reply {
  return jsonReply({ Tenant: { Name: 'emulator', Parameters: {} } });
}

/** PUT /projects/{p}/logs: PyODPS's usage "survey"; accepted and dropped. */
export function acceptLogs(): Reply {
  return emptyReply(200);
}

/**
 * GET /projects/{p}/tunnel?service: the tunnel's address without its scheme, as the service gives a
 * host; the client puts the endpoint's scheme in front. The emulator's includes its mount path.
 */
export function tunnelService(context: EmulatorContext, request: ApiRequest): Reply {
  if (!request.query.has('service')) throw invalidParameter('only ?service is supported');
  return textReply(context.tunnelEndpoint.replace(/^https?:\/\//, ''));
}
