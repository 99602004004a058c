import type { WebClient } from '@slack/web-api';
import { request } from 'undici';
import { type Clock, systemClock } from '../shared/clock.ts';
import { withRetries } from '../shared/retry.ts';
import type { SlackMessage } from './messages/message.ts';
import { type DiskFile, uploadFromDisk } from './streamed-upload.ts';

/**
 * The Slack Web API calls the product makes, in one place: unfurling off (Logview links carry a
 * token), no link_names or parse (nothing becomes a mention that we did not build).
 */
export class SlackPoster {
  readonly #client: WebClient;
  readonly #clock: Clock;

  /** `clock`: where the pauses that wait out a rate limit come from. */
  constructor(client: WebClient, clock: Clock = systemClock) {
    this.#client = client;
    this.#clock = clock;
  }

  /**
   * `patientMs`: how long this caller may wait out Slack's rate limit (Retry-After) before giving up.
   * The acknowledgement path leaves it at 0; the worker can afford to wait.
   */
  async post(
    channel: string,
    message: SlackMessage,
    options: { threadTs?: string; metadata?: InstanceMetadata; kind?: MessageKind; patientMs?: number } = {},
  ): Promise<string> {
    const response = await waitOutRateLimit(this.#clock, options.patientMs ?? 0, () =>
      this.#client.chat.postMessage({
        channel,
        text: message.text,
        blocks: [...message.blocks],
        unfurl_links: false,
        unfurl_media: false,
        ...(options.threadTs ? { thread_ts: options.threadTs } : {}),
        ...(options.metadata
          ? { metadata: { event_type: options.kind ?? 'odps_instance', event_payload: { ...options.metadata } } }
          : {}),
      }),
    );
    if (!response.ts) throw new Error('chat.postMessage answered without a ts');
    return response.ts;
  }

  /**
   * The ts of the bot's message of this kind about this instance: in a thread (conversations.replies)
   * or, without one, in the channel since `oldestMs` (conversations.history). Reads the metadata the
   * post carried, a page of 200 at a time, at most 5 pages.
   */
  async findMessage(
    channel: string,
    where: { kind: MessageKind; metadata: InstanceMetadata; threadTs?: string; oldestMs?: number },
  ): Promise<string | undefined> {
    let cursor: string | undefined;
    for (let page = 0; page < 5; page++) {
      const common = { channel, limit: 200, include_all_metadata: true, ...(cursor ? { cursor } : {}) };
      const response = where.threadTs
        ? await this.#client.conversations.replies({ ...common, ts: where.threadTs })
        : await this.#client.conversations.history({
            ...common,
            ...(where.oldestMs === undefined ? {} : { oldest: (where.oldestMs / 1000).toFixed(6) }),
          });
      const found = (response.messages ?? []).find((message) => {
        const metadata = message.metadata as
          | { event_type?: string; event_payload?: Record<string, unknown> }
          | undefined;
        return (
          metadata?.event_type === where.kind &&
          metadata.event_payload?.project === where.metadata.project &&
          metadata.event_payload?.instance_id === where.metadata.instance_id
        );
      });
      if (found?.ts) return found.ts;
      cursor = response.response_metadata?.next_cursor || undefined;
      if (!cursor) return undefined;
    }
    return undefined;
  }

  /** `metadata`: given when the message becomes another (a held query's card becoming its job card). */
  async update(channel: string, ts: string, message: SlackMessage, metadata?: InstanceMetadata): Promise<void> {
    await this.#client.chat.update({
      channel,
      ts,
      text: message.text,
      blocks: [...message.blocks],
      ...(metadata ? { metadata: { event_type: 'odps_instance', event_payload: { ...metadata } } } : {}),
    });
  }

  async ephemeral(channel: string, user: string, message: SlackMessage): Promise<void> {
    await this.#client.chat.postEphemeral({ channel, user, text: message.text, blocks: [...message.blocks] });
  }

  async uploadCsv(file: {
    channel: string;
    threadTs?: string;
    filename: string;
    content: string;
    comment: string;
  }): Promise<void> {
    const upload = {
      filename: file.filename,
      title: file.filename,
      content: file.content,
      initial_comment: file.comment,
    };
    if (file.threadTs)
      await this.#client.filesUploadV2({ ...upload, channel_id: file.channel, thread_ts: file.threadTs });
    else await this.#client.filesUploadV2({ ...upload, channel_id: file.channel });
  }

  /** A file from disk, streamed (an export of any size up to Slack's limit); returns its id. */
  uploadFile(file: DiskFile, signal?: AbortSignal): Promise<string> {
    return uploadFromDisk(this.#client, file, signal);
  }

  async userLocale(userId: string): Promise<string | undefined> {
    const response = await this.#client.users.info({ user: userId, include_locale: true });
    return response.user?.locale;
  }

  /**
   * The ids of a user group's members (usergroups.users.list; needs usergroups:read). A disabled
   * group is not asked for (no include_disabled): Slack then refuses it like an unknown one
   * (no_such_subteam), so a disabled group never lends anyone its members' rights. Slack's refusals
   * (no_such_subteam, missing_scope, a rate limit) propagate as the WebClient's errors, which
   * error-text.ts reads (`slackErrorCode`). The method is Tier 2 (about 20 a minute): a caller asking
   * often should keep the answer a while.
   */
  async userGroupMembers(groupId: string, signal?: AbortSignal): Promise<ReadonlySet<string>> {
    signal?.throwIfAborted();
    const response = await untilAborted(this.#client.usergroups.users.list({ usergroup: groupId }), signal);
    if (!Array.isArray(response.users)) throw new Error('usergroups.users.list answered without users');
    return new Set(response.users);
  }

  /** A delayed answer to a command or button (at most 5 within 30 minutes per response_url). */
  respond(
    responseUrl: string,
    message: SlackMessage,
    options: { inChannel?: boolean; replaceOriginal?: boolean } = {},
  ): Promise<void> {
    return postToResponseUrl(responseUrl, {
      response_type: options.inChannel ? 'in_channel' : 'ephemeral',
      replace_original: options.replaceOriginal ?? false,
      text: message.text,
      blocks: message.blocks,
    });
  }

  /** Removes the command's own answer (its ephemeral acknowledgement) once something better stands. */
  deleteOriginal(responseUrl: string): Promise<void> {
    return postToResponseUrl(responseUrl, { delete_original: true });
  }
}

async function postToResponseUrl(responseUrl: string, body: Record<string, unknown>): Promise<void> {
  const response = await request(responseUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(5000),
  });
  await response.body.dump();
  if (response.statusCode >= 300) throw new Error(`response_url answered HTTP ${response.statusCode}`);
}

/**
 * The WebClient takes no signal per call, so an abort cannot cancel the request itself; the caller
 * stops waiting for it (a read, so an answer nobody waits for does no harm).
 */
function untilAborted<T>(pending: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return pending;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    pending.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** Message metadata's event_type: the job card, or the final notice in its thread. */
export type MessageKind = 'odps_instance' | 'odps_notice';

export interface InstanceMetadata {
  readonly project: string;
  readonly instance_id: string;
}

/** Retries a call refused with a rate limit, after Slack's Retry-After, while the caller's patience lasts. */
function waitOutRateLimit<T>(clock: Clock, patientMs: number, call: () => Promise<T>): Promise<T> {
  return withRetries(call, {
    policy: { retries: Number.MAX_SAFE_INTEGER, minDelayMs: 0, maxDelayMs: 0, factor: 1, deadlineMs: patientMs },
    clock,
    delay: (error) =>
      (error as { code?: string }).code === 'slack_webapi_rate_limited_error'
        ? ((error as { retryAfter?: number }).retryAfter ?? 1) * 1000
        : undefined,
  });
}
