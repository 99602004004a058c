import type { View } from '@slack/types';
import type { CostConfig } from '../../config/cost-config.ts';
import type { SlackConfig } from '../../config/slack-config.ts';
import type { Caller, Callers } from '../../identity/callers.ts';
import type { ConfiguredMappings, IdentityMappingStore } from '../../identity/identity-mappings.ts';
import type { Logger } from '../../observability/logger.ts';
import type { InstanceStore } from '../../tracker/ports.ts';
import type { RunRequestStore } from '../../tracker/run-requests.ts';
import type { SpendLedger } from '../../tracker/spend-ledger.ts';
import type { AccessPolicy } from '../access-policy.ts';
import type { SlackOrigin, WorkPublisher } from '../handoff.ts';
import type { Locale, MessageKey, Translator } from '../i18n/catalog.ts';
import type { LocaleResolver } from '../locale-resolver.ts';
import type { SlackMessage } from '../messages/message.ts';
import type { ResultExporter } from '../result-exporter.ts';
import type { SlackPoster } from '../slack-poster.ts';

/** Everything a subcommand may use; built once per runtime by its composition root. */
export interface FrontDoorDeps {
  readonly config: SlackConfig;
  /** The cost guard's settings: estimates, thresholds, approvers, budgets (issue #16). */
  readonly cost: CostConfig;
  /** Each Slack user's MaxCompute gateway: their role, or the bot's account (issue #17). */
  readonly callers: Callers;
  /** The mappings admins make with /odps admin, and those ODPS_IDENTITY_MAP states. */
  readonly mappings: { readonly store: IdentityMappingStore; readonly configured: ConfiguredMappings };
  readonly store: InstanceStore;
  /** Queries held for a confirmation or an approval, and each day's spend of estimates. */
  readonly runRequests: RunRequestStore;
  readonly spend: SpendLedger;
  readonly publisher: WorkPublisher;
  readonly poster: SlackPoster;
  /** Whole results through the Instance Tunnel, for results the result API cuts. */
  readonly exporter: ResultExporter;
  readonly policy: AccessPolicy;
  readonly locales: LocaleResolver;
  readonly logger: Logger;
  readonly now: () => number;
  /** The worker's pauses between attempts; rejects when the signal aborts first. */
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * One command being handled. `phase` is `ack` inside Slack's 3 seconds (with `signal` firing at the
 * budget) or `worker` when the worker runs it again after a hand-off.
 */
export interface CommandContext {
  readonly origin: SlackOrigin;
  readonly t: Translator;
  readonly channelLocale: Locale;
  readonly signal: AbortSignal;
  readonly phase: 'ack' | 'worker';
  readonly deps: FrontDoorDeps;
  /**
   * Who the user is to MaxCompute, resolved on first use and kept for the command: throws
   * IdentityRefusedError (person mode, unmapped) before anything is sent.
   */
  caller(): Promise<Caller>;
}

export type CommandReply =
  | { readonly kind: 'ephemeral'; readonly message: SlackMessage }
  | { readonly kind: 'in_channel'; readonly message: SlackMessage }
  | { readonly kind: 'modal'; readonly view: View }
  /** Nothing more to say (the answer was posted another way). */
  | { readonly kind: 'silent' }
  /** Needs more time than the acknowledgement has: hand the command to the worker. */
  | { readonly kind: 'defer'; readonly message: MessageKey };

export const ephemeral = (message: SlackMessage): CommandReply => ({ kind: 'ephemeral', message });

/** Throws the signal's reason when the acknowledgement budget is spent, before a side effect starts. */
export function checkBudget(context: CommandContext): void {
  context.signal.throwIfAborted();
}
