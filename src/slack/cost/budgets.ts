import type { CostConfig } from '../../config/cost-config.ts';
import type { SpendLedger } from '../../tracker/spend-ledger.ts';
import { budgetDay } from './pricing.ts';

/**
 * The daily budgets' bookkeeping: what a person and a channel ran today (the sum of the estimates of
 * the queries submitted, in the configured time zone's day), read before a run is gated and added to
 * once it is submitted. Nothing is kept when no budget is configured.
 */

export interface SpendScopes {
  readonly userId: string;
  readonly channelId: string;
}

function budgeted(config: CostConfig): boolean {
  return config.dailyBudgetUser !== undefined || config.dailyBudgetChannel !== undefined;
}

export async function spentToday(
  ledger: SpendLedger,
  config: CostConfig,
  scopes: SpendScopes,
  now: number,
): Promise<{ readonly user: number; readonly channel: number }> {
  if (!budgeted(config)) return { user: 0, channel: 0 };
  const day = budgetDay(now, config.timeZone);
  const [user, channel] = await Promise.all([
    ledger.total({ scope: 'user', scopeId: scopes.userId, day }),
    ledger.total({ scope: 'channel', scopeId: scopes.channelId, day }),
  ]);
  return { user, channel };
}

/** Adds a submitted run's estimate to its person's and its channel's day, once per run id. */
export async function recordSpend(
  ledger: SpendLedger,
  config: CostConfig,
  run: SpendScopes & { readonly runId: string; readonly amount: number },
  now: number,
): Promise<void> {
  if (!budgeted(config)) return;
  const day = budgetDay(now, config.timeZone);
  await Promise.all([
    ledger.add({ scope: 'user', scopeId: run.userId, day, runId: run.runId, amount: run.amount }),
    ledger.add({ scope: 'channel', scopeId: run.channelId, day, runId: run.runId, amount: run.amount }),
  ]);
}
