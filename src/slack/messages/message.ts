import type { KnownBlock } from '@slack/types';

/** A message as the builders produce it: the fallback `text` (notifications, screen readers) and blocks. */
export interface SlackMessage {
  readonly text: string;
  readonly blocks: readonly KnownBlock[];
}

/** Button values carry `<project>/<instanceId>`: both alphabets exclude `/`, so the split is exact. */
export function instanceValue(project: string, instanceId: string): string {
  return `${project}/${instanceId}`;
}

export function parseInstanceValue(value: string): { project: string; instanceId: string } | undefined {
  const match = /^([A-Za-z0-9_]{1,128})\/([A-Za-z0-9_]{8,64})$/.exec(value);
  return match?.[1] && match[2] ? { project: match[1], instanceId: match[2] } : undefined;
}

export const ACTION = {
  stop: 'odps_stop',
  refresh: 'odps_refresh',
  logview: 'odps_logview',
  listNext: 'odps_list_next',
} as const;

export const RUN_MODAL_CALLBACK = 'odps_run_modal';
