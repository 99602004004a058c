import { isInstanceId, isProjectName } from '../shared/maxcompute-names.ts';

/**
 * Where an export is kept in the bucket: `exports/<project>/<instanceId>/<filename>`. The store
 * writes there, a download link names it, and the lifecycle rule and the IAM grants name the prefix.
 * Kept apart from the store so the Slack function, which only answers download links, needs no S3 SDK.
 */

/** Every export key starts with this: the lifecycle rule and the IAM grants name the same prefix. */
export const EXPORT_PREFIX = 'exports/';

/** A file name, not a path: it ends the key and is the name the browser saves. */
const FILENAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,199}$/;

export interface ExportKeyParts {
  readonly project: string;
  readonly instanceId: string;
  readonly filename: string;
}

/** `exports/<project>/<instanceId>/<filename>`, each part checked so that no input can change the path. */
export function exportKey(project: string, instanceId: string, filename: string): string {
  if (!isProjectName(project)) throw new RangeError(`not a MaxCompute project name: ${JSON.stringify(project)}`);
  if (!isInstanceId(instanceId)) throw new RangeError(`not a MaxCompute instance id: ${JSON.stringify(instanceId)}`);
  if (!FILENAME.test(filename)) throw new RangeError(`not an export file name: ${JSON.stringify(filename)}`);
  return `${EXPORT_PREFIX}${project}/${instanceId}/${filename}`;
}

/** The parts of a key {@link exportKey} could have made, or undefined for any other string. */
export function parseExportKey(key: string): ExportKeyParts | undefined {
  if (!key.startsWith(EXPORT_PREFIX)) return undefined;
  const [project, instanceId, filename, extra] = key.slice(EXPORT_PREFIX.length).split('/');
  if (project === undefined || instanceId === undefined || filename === undefined || extra !== undefined)
    return undefined;
  if (!isProjectName(project) || !isInstanceId(instanceId) || !FILENAME.test(filename)) return undefined;
  return { project, instanceId, filename };
}

export function isExportKey(key: string): boolean {
  return parseExportKey(key) !== undefined;
}
