import { isInstanceId, isProjectName } from '../../../shared/maxcompute-names.ts';

/** Which instance a command names: a bare id, or the id and project of a pasted Logview link. */
export interface InstanceReference {
  readonly instanceId: string;
  /** From a Logview URL's `p=`; undefined for a bare id. */
  readonly project?: string;
}

/**
 * A bare instance id, or a Logview link a person pasted (legacy `…/logview/?h=&p=&i=&token=` or
 * job-insights `…/<region>/job-insights?h=&p=&i=`). Slack's `<url|label>` wrapping and `&amp;`
 * escaping are undone first. Undefined when the text is neither, or when the id or project it
 * carries is not one MaxCompute could have made: nothing from it then reaches a request.
 */
export function readInstanceReference(input: string): InstanceReference | undefined {
  const text = unwrapSlackLink(input.trim());
  if (!/^https?:\/\//i.test(text)) return isInstanceId(text) ? { instanceId: text } : undefined;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  const instanceId = url.searchParams.get('i')?.trim();
  const project = url.searchParams.get('p')?.trim();
  if (instanceId === undefined || project === undefined) return undefined;
  return isInstanceId(instanceId) && isProjectName(project) ? { instanceId, project } : undefined;
}

function unwrapSlackLink(text: string): string {
  const wrapped = /^<([^|>]*)(?:\|[^>]*)?>$/.exec(text);
  const inner = wrapped?.[1] ?? text;
  return inner.replaceAll('&amp;', '&');
}
