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
  cancelExport: 'odps_export_cancel',
  runConfirm: 'odps_run_confirm',
  runCancel: 'odps_run_cancel',
  runApprove: 'odps_run_approve',
  runReject: 'odps_run_reject',
} as const;

/** The export Cancel button's value: `<export id>/<user who may cancel>`. */
export function exportCancelValue(exportId: string, requestedBy: string): string {
  return `${exportId}/${requestedBy}`;
}

export function parseExportCancelValue(value: string): { exportId: string; requestedBy: string } | undefined {
  const match = /^([a-f0-9]{8,40})\/([UW][A-Z0-9]{2,20})$/.exec(value);
  return match?.[1] && match[2] ? { exportId: match[1], requestedBy: match[2] } : undefined;
}

export const RUN_MODAL_CALLBACK = 'odps_run_modal';
