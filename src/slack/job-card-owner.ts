import type { InstanceDescription, LogviewEntry } from '../tracker/maxcompute-gateway.ts';
import { cardMayBeRedrawn, type TrackedInstance } from '../tracker/tracked-instance.ts';
import { type Locale, translator } from './i18n/catalog.ts';
import { jobCardView } from './job-view.ts';
import { jobCard } from './messages/job-card.ts';
import type { SlackMessage } from './messages/message.ts';
import type { SlackPoster } from './slack-poster.ts';

/** The Slack calls a job card takes: posted once, then updated in place. */
export type CardSlack = Pick<SlackPoster, 'post' | 'update'>;

/**
 * The job card's one owner: posts it (with the metadata that names its instance), redraws it while
 * the instance runs and finishes it when it ends, in the channel's language. The run worker,
 * `/odps watch`, the Refresh button and the tracker's notifier all go through it, so the card is
 * drawn one way, and the rule that a final card is never redrawn by a running one
 * (`cardMayBeRedrawn`, the tracker's) is applied here and nowhere else.
 */
export class JobCardOwner {
  readonly #slack: CardSlack;
  readonly #now: () => number;

  constructor(slack: CardSlack, now: () => number) {
    this.#slack = slack;
    this.#now = now;
  }

  /**
   * Posts the card in the instance's channel and returns its ts. `patientMs`: how long Slack's rate
   * limit may be waited out (none by default).
   */
  post(
    instance: TrackedInstance,
    description: InstanceDescription | undefined,
    logviewUrl: string | undefined,
    patientMs?: number,
  ): Promise<string> {
    return this.#slack.post(instance.channelId, this.#draw(instance, description, logviewUrl), {
      metadata: { project: instance.project, instance_id: instance.instanceId },
      ...(patientMs === undefined ? {} : { patientMs }),
    });
  }

  /**
   * Makes an earlier message of the run the job card: the held query's card (issue #16's cost guard)
   * becomes the card of the instance it was submitted as, with the metadata that names it.
   */
  adopt(instance: TrackedInstance, ts: string, logviewUrl: string | undefined): Promise<void> {
    return this.#slack.update(instance.channelId, ts, this.#draw(instance, undefined, logviewUrl), {
      project: instance.project,
      instance_id: instance.instanceId,
    });
  }

  /**
   * Redraws the card with what `description` says now. `record` is the freshest copy of the
   * instance, read by key after the description. Refused, false returned, when there is no card yet
   * or when the card is final and `description` would draw a running one over it.
   */
  async redraw(record: TrackedInstance, description: InstanceDescription): Promise<boolean> {
    if (record.cardTs === undefined || !cardMayBeRedrawn(record, description.status)) return false;
    await this.#slack.update(record.channelId, record.cardTs, this.#draw(record, description, record.logviewUrl));
    return true;
  }

  /** Draws the card in its final state, the notice's last Slack step (the first Logview link on its button). */
  async finish(
    instance: TrackedInstance,
    description: InstanceDescription | undefined,
    logview: readonly LogviewEntry[],
    withheld = false,
  ): Promise<void> {
    if (instance.cardTs === undefined) return;
    const card = this.#draw(instance, description, logview[0]?.url ?? instance.logviewUrl, withheld);
    await this.#slack.update(instance.channelId, instance.cardTs, card);
  }

  #draw(
    instance: TrackedInstance,
    description: InstanceDescription | undefined,
    logviewUrl?: string,
    withheld = false,
  ): SlackMessage {
    const view = jobCardView(instance, description, this.#now(), logviewUrl, withheld);
    return jobCard(view, translator(instance.locale as Locale));
  }
}
