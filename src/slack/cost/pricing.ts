import type { CostConfig, CostThreshold } from '../../config/cost-config.ts';
import type { CostEstimate } from '../../tracker/maxcompute-gateway.ts';
import type { GateReason } from '../../tracker/run-requests.ts';

/**
 * What a query will cost and whether it may run at once (issue #16). Pay-as-you-go SQL costs
 * input GB × complexity × unit price (MaxCompute's billing formula; a failed job costs nothing), so the
 * price is the estimate times the configured unit price. Pure: the run's worker and `/odps cost` ask,
 * and the answer depends on nothing but what they pass.
 */

const GB = 1024 ** 3;

export interface PricedEstimate extends CostEstimate {
  /** In the configured currency. */
  readonly price: number;
  readonly currency: string;
}

export function priceEstimate(
  estimate: CostEstimate,
  config: Pick<CostConfig, 'unitPrice' | 'currency'>,
): PricedEstimate {
  const price = (estimate.inputBytes / GB) * estimate.complexity * config.unitPrice;
  return { ...estimate, price, currency: config.currency };
}

export function exceeds(threshold: CostThreshold | undefined, estimate: PricedEstimate): boolean {
  if (threshold === undefined) return false;
  return threshold.kind === 'price' ? estimate.price > threshold.amount : estimate.inputBytes > threshold.bytes;
}

/** What happens to a run: it goes, it waits for its submitter or an approver, or it is refused. */
export type Gate =
  | { readonly kind: 'go' }
  | { readonly kind: 'confirm' | 'approval'; readonly reasons: readonly GateReason[] }
  | { readonly kind: 'refuse'; readonly reasons: readonly GateReason[] };

export interface GateInput {
  /** Undefined when the estimate failed. */
  readonly estimate: PricedEstimate | undefined;
  /** Today's sums of estimates already run, in the configured currency. */
  readonly spentToday: { readonly user: number; readonly channel: number };
}

/**
 * Approval outranks confirmation: a run that needs both waits for the approver only (whose decision
 * the submitter then sees on the card). A budget counts this run too: the one that would pass it
 * needs an approval.
 */
export function gateFor(input: GateInput, config: CostConfig): Gate {
  const { estimate } = input;
  if (estimate === undefined) {
    if (config.onEstimateFailure === 'allow') return { kind: 'go' };
    const reasons: GateReason[] = ['estimate-failed'];
    return config.onEstimateFailure === 'refuse' ? { kind: 'refuse', reasons } : { kind: 'confirm', reasons };
  }
  const approval: GateReason[] = [];
  if (exceeds(config.approvalAbove, estimate)) approval.push('above-approval');
  if (overBudget(config.dailyBudgetUser, input.spentToday.user, estimate)) approval.push('over-user-budget');
  if (overBudget(config.dailyBudgetChannel, input.spentToday.channel, estimate)) approval.push('over-channel-budget');
  if (approval.length > 0) return { kind: 'approval', reasons: approval };
  if (exceeds(config.confirmAbove, estimate)) return { kind: 'confirm', reasons: ['above-confirm'] };
  return { kind: 'go' };
}

function overBudget(budget: number | undefined, spent: number, estimate: PricedEstimate): boolean {
  return budget !== undefined && spent + estimate.price > budget;
}

/** The day a budget counts in: the calendar date in the configured time zone, `YYYY-MM-DD`. */
export function budgetDay(epochMs: number, timeZone: string): string {
  // en-CA writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(epochMs),
  );
}
