import { randomBytes } from 'node:crypto';
import type { StandinView } from './types.ts';

export type ViewUpdateOutcome = StandinView | 'not_found' | 'hash_conflict';

/**
 * Modals opened through views.open. A trigger_id opens one view only (Slack answers
 * exchanged_trigger_id for a second use), and views.update with a stale hash is refused with
 * hash_conflict: both are mistakes a handler can make that only show up against Slack.
 */
export class ViewStore {
  readonly #views = new Map<string, StandinView>();
  readonly #usedTriggers = new Set<string>();
  #sequence = 0;

  open(triggerId: string, view: Record<string, unknown>): StandinView | 'exchanged_trigger_id' {
    if (this.#usedTriggers.has(triggerId)) return 'exchanged_trigger_id';
    this.#usedTriggers.add(triggerId);
    this.#sequence += 1;
    const stored: StandinView = { id: `V${String(this.#sequence).padStart(8, '0')}`, triggerId, hash: newHash(), view };
    this.#views.set(stored.id, stored);
    return stored;
  }

  update(
    target: { viewId?: string; externalId?: string },
    view: Record<string, unknown>,
    hash?: string,
  ): ViewUpdateOutcome {
    const stored = this.#find(target);
    if (stored === undefined) return 'not_found';
    if (hash !== undefined && hash !== stored.hash) return 'hash_conflict';
    stored.view = view;
    stored.hash = newHash();
    return stored;
  }

  list(): StandinView[] {
    return structuredClone([...this.#views.values()]);
  }

  #find(target: { viewId?: string; externalId?: string }): StandinView | undefined {
    if (target.viewId !== undefined) return this.#views.get(target.viewId);
    return [...this.#views.values()].find((stored) => stored.view.external_id === target.externalId);
  }
}

function newHash(): string {
  return `${Math.floor(Date.now() / 1000)}.${randomBytes(4).toString('hex')}`;
}
