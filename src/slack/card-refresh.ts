import type { InstanceKey } from '../tracker/ports.ts';
import type { FrontDoorDeps } from './commands/context.ts';
import { JobCardOwner } from './job-card-owner.ts';

/**
 * Reads the instance as `userId` (who clicked Refresh, or stopped it) and has its job card redrawn
 * in place; returns whether it was. The record is read again after MaxCompute's answer: the instance may have
 * ended meanwhile and the tracker be finishing its card, and the card's owner draws no running card
 * over a final one.
 */
export async function refreshCard(
  key: InstanceKey,
  userId: string,
  deps: FrontDoorDeps,
  signal: AbortSignal,
): Promise<boolean> {
  const tracked = await deps.store.get(key);
  if (!tracked?.cardTs) return false;
  const { gateway } = await deps.callers.of(userId);
  const description = await gateway.describe(key, { signal });
  signal.throwIfAborted();
  const fresh = (await deps.store.get(key)) ?? tracked;
  return new JobCardOwner(deps.poster, deps.now).redraw(fresh, description);
}
