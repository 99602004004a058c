import type { InstanceKey } from '../tracker/ports.ts';
import type { FrontDoorDeps } from './commands/context.ts';
import { type Locale, translator } from './i18n/catalog.ts';
import { jobCardView } from './job-view.ts';
import { jobCard } from './messages/job-card.ts';

/**
 * Reads the instance and redraws its job card in place (the Refresh button, and after a stop). The
 * tracker's poller draws the same card with the same builder on every change.
 */
export async function refreshCard(key: InstanceKey, deps: FrontDoorDeps, signal: AbortSignal): Promise<boolean> {
  const tracked = await deps.store.get(key);
  if (!tracked?.cardTs) return false;
  const description = await deps.gateway.describe(key, { signal });
  signal.throwIfAborted();
  if (description.status !== 'Terminated' && (await deps.store.get(key))?.notice !== undefined) {
    // The instance ended while MaxCompute's answer was on its way and the tracker is finishing its
    // card: a running card drawn now would replace the final one.
    return true;
  }
  const view = jobCardView(tracked, description, deps.now(), tracked.logviewUrl);
  await deps.poster.update(tracked.channelId, tracked.cardTs, jobCard(view, translator(tracked.locale as Locale)));
  return true;
}
