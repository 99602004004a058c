import { priceEstimate } from '../cost/pricing.ts';
import { costEstimateMessage } from '../messages/cost-estimate.ts';
import { notice } from '../messages/notices.ts';
import { type CommandContext, type CommandReply, ephemeral } from './context.ts';
import type { ParsedCommand } from './grammar/parsed-command.ts';

type CostCommand = Extract<ParsedCommand, { kind: 'cost' }>;

/**
 * `/odps cost <sql>`: MaxCompute's estimate of the query, priced, without running it. Whoever may not
 * run SQL here may not estimate it either (an estimate tells how big the tables are). MaxCompute
 * answers an estimate as a short instance, which takes longer than the acknowledgement: the worker
 * asks, and the answer comes back to the person only.
 */
export async function cost(command: CostCommand, context: CommandContext): Promise<CommandReply> {
  const { deps, origin, t, signal } = context;
  const project = command.project ?? deps.callers.defaultProject;
  const refusal = deps.policy.mayRunSql(origin, project);
  if (refusal) return ephemeral(notice(t(refusal.key, refusal.params), ':no_entry:'));
  const { gateway } = await context.caller();
  if (context.phase === 'ack') return { kind: 'defer', message: 'reply.working' };
  // As the person: MaxCompute estimates only what their role may read.
  const estimate = await gateway.estimateCost(project, command.sql, command.hints, { signal });
  return ephemeral(
    costEstimateMessage({ project, estimate: priceEstimate(estimate, deps.cost), unitPrice: deps.cost.unitPrice }, t),
  );
}
