import type { Logger } from '../observability/logger.ts';

/**
 * One structured audit line per thing a person asked for: who, what, where, when and how it ended.
 * The SQL text is not in it (it may hold data); the instance id and the request id lead to it.
 */
export interface AuditRecord {
  readonly event: 'command' | 'button' | 'modal' | 'worker' | 'admin';
  /** The subcommand or the button's action. */
  readonly action: string;
  readonly team: string;
  readonly channel: string;
  readonly user: string;
  readonly requestId: string;
  readonly outcome: string;
  readonly project?: string;
  readonly instanceId?: string;
  readonly ms?: number;
  /** An identity mapping's user or group id (`/odps admin`). */
  readonly subject?: string;
  /** The role ARN a mapping now names, and the one it named before (ARNs are not secrets). */
  readonly roleArn?: string;
  readonly previousRoleArn?: string;
}

export function audit(logger: Logger, record: AuditRecord): void {
  logger.info('audit', { ...record, command: record.action, at: new Date().toISOString() });
}
