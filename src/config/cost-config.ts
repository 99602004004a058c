import type { EnvReader } from './env-reader.ts';
import { SLACK_ID } from './slack-config.ts';

/**
 * The cost guard's settings (issue #16): whether runs are estimated first, the price of a GB, and the
 * thresholds above which a run waits for its submitter's confirmation or an approver's approval.
 * Pay-as-you-go SQL costs input GB × complexity × the unit price; the defaults are the published
 * prices of the two sites (docs/deploy.md says where they come from).
 */

/** A threshold is a price (`5`, `5 USD`) or an input size (`100GB`, `1.5 TiB`). */
export type CostThreshold =
  | { readonly kind: 'price'; readonly amount: number }
  | { readonly kind: 'size'; readonly bytes: number };

export type EstimateFailurePolicy = 'allow' | 'confirm' | 'refuse';
export type PricingSite = 'international' | 'china';

export interface CostConfig {
  /** Estimate every `/odps run` before submitting it (ODPS_COST_ESTIMATE, on by default). */
  readonly estimate: boolean;
  readonly site: PricingSite;
  readonly currency: string;
  /** Price of one GB (2^30 bytes) of input at complexity 1. */
  readonly unitPrice: number;
  readonly confirmAbove: CostThreshold | undefined;
  readonly approvalAbove: CostThreshold | undefined;
  /** User ids (U…/W…) and user groups (S…) whose members may approve. */
  readonly approvers: ReadonlySet<string>;
  /** Where approval requests go; by default the run's own thread. */
  readonly approvalsChannel: string | undefined;
  /** Daily sums of estimated prices per person and per channel; past them a run needs an approval. */
  readonly dailyBudgetUser: number | undefined;
  readonly dailyBudgetChannel: number | undefined;
  readonly onEstimateFailure: EstimateFailurePolicy;
  /** How long a confirmation or an approval may take before the request lapses. */
  readonly decisionMinutes: number;
  /** The time zone whose midnight starts a budget's day (IANA name). */
  readonly timeZone: string;
}

/** The published pay-as-you-go SQL prices per GB: the international site in USD, the China site in CNY. */
export const SITE_PRICES: Readonly<Record<PricingSite, { readonly currency: string; readonly unitPrice: number }>> = {
  international: { currency: 'USD', unitPrice: 0.0438 },
  china: { currency: 'CNY', unitPrice: 0.3 },
};

const SIZE_UNITS: Readonly<Record<string, number>> = {
  b: 1,
  kb: 1024,
  kib: 1024,
  mb: 1024 ** 2,
  mib: 1024 ** 2,
  gb: 1024 ** 3,
  gib: 1024 ** 3,
  tb: 1024 ** 4,
  tib: 1024 ** 4,
  pb: 1024 ** 5,
  pib: 1024 ** 5,
};
const THRESHOLD = /^(\d+(?:\.\d+)?)\s*([A-Za-z]{1,3})?$/;
const CURRENCY = /^[A-Z]{3}$/;

export function readCostConfig(read: EnvReader): CostConfig {
  const site = readSite(read);
  const currency = read.matching('ODPS_COST_CURRENCY', CURRENCY, 'a currency code such as USD or CNY');
  const resolvedCurrency = currency ?? SITE_PRICES[site].currency;
  return {
    estimate: read.boolean('ODPS_COST_ESTIMATE', true),
    site,
    currency: resolvedCurrency,
    unitPrice: readAmount(read, 'ODPS_COST_UNIT_PRICE') ?? SITE_PRICES[site].unitPrice,
    confirmAbove: readThreshold(read, 'ODPS_COST_CONFIRM_ABOVE', resolvedCurrency),
    approvalAbove: readThreshold(read, 'ODPS_COST_APPROVAL_ABOVE', resolvedCurrency),
    approvers: read.list('ODPS_COST_APPROVERS', SLACK_ID, 'Slack user ids (U…) or user group ids (S…)'),
    approvalsChannel: read.matching('ODPS_COST_APPROVALS_CHANNEL', SLACK_ID, 'a channel id such as C0123ABCD'),
    dailyBudgetUser: readAmount(read, 'ODPS_COST_DAILY_BUDGET_USER'),
    dailyBudgetChannel: readAmount(read, 'ODPS_COST_DAILY_BUDGET_CHANNEL'),
    onEstimateFailure: readFailurePolicy(read),
    decisionMinutes: read.integer('ODPS_COST_DECISION_MINUTES', 15, { min: 1, max: 24 * 60 }),
    timeZone: readTimeZone(read),
  };
}

function readSite(read: EnvReader): PricingSite {
  const raw = read.optional('ODPS_COST_SITE')?.toLowerCase();
  if (raw === undefined || raw === 'international') return 'international';
  if (raw === 'china') return 'china';
  read.problem(`ODPS_COST_SITE must be international or china, got ${JSON.stringify(raw)}`);
  return 'international';
}

function readAmount(read: EnvReader, name: string): number | undefined {
  const raw = read.optional(name);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!/^\d+(\.\d+)?$/.test(raw) || !Number.isFinite(value)) {
    read.problem(`${name} must be a non-negative amount such as 0.5, got ${JSON.stringify(raw)}`);
    return undefined;
  }
  return value;
}

function readThreshold(read: EnvReader, name: string, currency: string): CostThreshold | undefined {
  const raw = read.optional(name);
  if (raw === undefined) return undefined;
  const match = THRESHOLD.exec(raw);
  const amount = Number(match?.[1]);
  const unit = match?.[2];
  if (match && unit === undefined) return { kind: 'price', amount };
  if (match && unit !== undefined && SIZE_UNITS[unit.toLowerCase()] !== undefined) {
    return { kind: 'size', bytes: amount * (SIZE_UNITS[unit.toLowerCase()] ?? 1) };
  }
  if (match && unit === currency) return { kind: 'price', amount };
  read.problem(
    `${name} must be a price in ${currency} (such as 5 or 5 ${currency}) or an input size (such as 100GB), got ${JSON.stringify(raw)}`,
  );
  return undefined;
}

function readFailurePolicy(read: EnvReader): EstimateFailurePolicy {
  const raw = read.optional('ODPS_COST_ON_ESTIMATE_FAILURE')?.toLowerCase();
  if (raw === undefined) return 'confirm';
  if (raw === 'allow' || raw === 'confirm' || raw === 'refuse') return raw;
  read.problem(`ODPS_COST_ON_ESTIMATE_FAILURE must be allow, confirm or refuse, got ${JSON.stringify(raw)}`);
  return 'confirm';
}

function readTimeZone(read: EnvReader): string {
  const raw = read.optional('ODPS_COST_TIME_ZONE');
  if (raw === undefined) return 'UTC';
  try {
    return new Intl.DateTimeFormat('en', { timeZone: raw }).resolvedOptions().timeZone;
  } catch {
    read.problem(`ODPS_COST_TIME_ZONE must be an IANA time zone such as Asia/Shanghai, got ${JSON.stringify(raw)}`);
    return 'UTC';
  }
}
