import type { MappingSubject } from '../../../identity/identity-mappings.ts';
import type { InstanceReference } from './instance-reference.ts';

/**
 * What `/odps <text>` asked for, as data. Problems are codes plus the offending token, never
 * English: the reply is rendered later from a message catalog in the user's language.
 */
export type ParsedCommand =
  | {
      readonly kind: 'run';
      /** '' means no SQL was given: open the SQL modal. */
      readonly sql: string;
      readonly project?: string;
      /** Preview rows, 1..10000. */
      readonly limit?: number;
      readonly hints: Record<string, string>;
      readonly mention: boolean;
      /** MaxCompute's job priority, 0-9 (`--priority`). */
      readonly priority?: number;
      /** The quota to run in (`--quota`, the hint odps.task.wlm.quota). */
      readonly quota?: string;
    }
  | {
      readonly kind: 'cost';
      readonly sql: string;
      readonly project?: string;
      readonly hints: Record<string, string>;
    }
  | { readonly kind: 'status'; readonly ref: InstanceReference }
  | { readonly kind: 'stop'; readonly ref: InstanceReference }
  | { readonly kind: 'result'; readonly ref: InstanceReference; readonly csv: boolean }
  | { readonly kind: 'logview'; readonly ref: InstanceReference }
  | { readonly kind: 'list'; readonly scope: ListScope; readonly sinceMs?: number; readonly project?: string }
  | { readonly kind: 'watch'; readonly ref: InstanceReference; readonly mention: boolean }
  | { readonly kind: 'admin'; readonly action: AdminAction }
  | { readonly kind: 'whoami' }
  | { readonly kind: 'help'; readonly topic?: string }
  | { readonly kind: 'usage'; readonly problem: UsageProblem; readonly subcommand?: Subcommand };

export type ListScope = 'running' | 'mine' | 'all';

/** `/odps admin map|unmap|mappings`: who runs as which RAM role (issue #17). */
export type AdminAction =
  /** `roleArn` as parseRoleArn spells it. */
  | { readonly verb: 'map'; readonly subject: MappingSubject; readonly roleArn: string }
  | { readonly verb: 'unmap'; readonly subject: MappingSubject }
  | { readonly verb: 'mappings' };

export type Subcommand =
  | 'run'
  | 'cost'
  | 'status'
  | 'stop'
  | 'result'
  | 'logview'
  | 'list'
  | 'watch'
  | 'admin'
  | 'whoami'
  | 'help';

export type UsageCode =
  /** Reserved for callers: parseCommand answers empty text with help, as the grammar asks. */
  | 'empty'
  | 'unknown_subcommand'
  | 'missing_instance'
  | 'missing_sql'
  | 'bad_instance'
  | 'bad_option'
  | 'missing_option_value'
  | 'bad_limit'
  | 'bad_since'
  | 'bad_hint'
  | 'bad_project'
  | 'bad_priority'
  | 'bad_quota'
  | 'unknown_admin_action'
  | 'missing_subject'
  | 'bad_subject'
  | 'missing_role_arn'
  | 'bad_role_arn'
  | 'unexpected_argument';

export interface UsageProblem {
  readonly code: UsageCode;
  /** The offending token as typed, at most 60 characters. */
  readonly detail?: string;
}
