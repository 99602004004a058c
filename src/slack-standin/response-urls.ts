import { randomBytes } from 'node:crypto';
import { checkBlocks } from './block-limits.ts';
import type { MessageStore } from './message-store.ts';
import { compact } from './methods/context.ts';
import type { RecordedResponse, ResponseUrlContext } from './types.ts';

/** Slack's documented budget per response_url: 5 posts within 30 minutes. */
const MAX_USES = 5;
const LIFETIME_MS = 30 * 60 * 1000;

interface Issued {
  url: string;
  issuedAt: number;
  uses: number;
  context?: ResponseUrlContext;
  /** A replace or delete that came before the command's own answer was shown (see {@link ResponseUrls.bindOriginal}). */
  pending?: Record<string, unknown>;
}

export interface ResponseUrlAnswer {
  status: number;
  body: Record<string, unknown>;
}

/**
 * response_url endpoints on the stand-in. Bolt's respond() POSTs JSON to them; the post is recorded
 * and, when the URL was issued with a context, applied to the channel the way Slack would: an
 * ephemeral (default) or in_channel message, replace_original, delete_original. Beyond the budget the
 * URL answers 404 (used_url / expired_url), which Bolt 5 turns into a RespondError.
 */
export class ResponseUrls {
  readonly #issued = new Map<string, Issued>();
  readonly #recorded: RecordedResponse[] = [];
  readonly #messages: MessageStore;
  readonly #botUserId: string;
  readonly #clock: () => number;

  constructor(messages: MessageStore, botUserId: string, clock: () => number) {
    this.#messages = messages;
    this.#botUserId = botUserId;
    this.#clock = clock;
  }

  issue(origin: string, context?: ResponseUrlContext): string {
    const id = `${this.#issued.size + 1}-${randomBytes(6).toString('hex')}`;
    const url = `${origin}/response/${id}`;
    this.#issued.set(id, compact({ url, issuedAt: this.#clock(), uses: 0, context }));
    return url;
  }

  post(id: string, body: unknown): ResponseUrlAnswer {
    const issued = this.#issued.get(id);
    if (issued === undefined) return { status: 404, body: { ok: false, error: 'no_service' } };
    if (this.#clock() - issued.issuedAt > LIFETIME_MS)
      return { status: 404, body: { ok: false, error: 'expired_url' } };
    if (issued.uses >= MAX_USES) return { status: 404, body: { ok: false, error: 'used_url' } };
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return { status: 400, body: { ok: false, error: 'invalid_payload' } };
    }
    const message = body as Record<string, unknown>;
    const verdict = checkBlocks(message.blocks);
    if (!verdict.ok) return { status: 400, body: { ok: false, error: verdict.error } };
    issued.uses += 1;
    this.#recorded.push({ url: issued.url, body: structuredClone(message) });
    if (issued.context !== undefined) this.#apply(issued, message);
    return { status: 200, body: { ok: true } };
  }

  /**
   * A slash command's response_url targets the command's own answer (the ephemeral "Submitting…"),
   * which exists only once the app's acknowledgement is shown; the simulator binds it then. Slack
   * always shows the acknowledgement first, so a replace or delete that raced ahead applies now.
   */
  bindOriginal(url: string, messageTs: string): void {
    const issued = this.#issued.get(url.slice(url.lastIndexOf('/') + 1));
    if (issued?.context === undefined) return;
    issued.context.messageTs = messageTs;
    const pending = issued.pending;
    issued.pending = undefined;
    if (pending !== undefined) this.#apply(issued, pending);
  }

  list(): RecordedResponse[] {
    return structuredClone(this.#recorded);
  }

  #apply(issued: Issued, body: Record<string, unknown>): void {
    const context = issued.context;
    if (context === undefined) return;
    const targetsOriginal = body.delete_original === true || body.replace_original === true;
    if (targetsOriginal && context.awaitsOriginal === true && context.messageTs === undefined) {
      issued.pending = body;
      return;
    }
    const original =
      context.messageTs === undefined ? undefined : this.#messages.find(context.channelId, context.messageTs);
    if (body.delete_original === true) {
      // Nothing to delete (a URL issued without a message) is no new message either.
      if (original !== undefined) this.#messages.remove(original.channel, original.ts);
      return;
    }
    const text = typeof body.text === 'string' ? body.text : undefined;
    const blocks = Array.isArray(body.blocks) ? body.blocks : undefined;
    if (body.replace_original === true && original !== undefined) {
      Object.assign(original, compact({ text, blocks, edited: true }));
      return;
    }
    const threadTs = typeof body.thread_ts === 'string' ? body.thread_ts : undefined;
    const inChannel = body.response_type === 'in_channel';
    if (!inChannel && context.userId === undefined) return;
    this.#messages.add(
      compact({
        channel: context.channelId,
        user: this.#botUserId,
        text,
        blocks,
        threadTs: threadTs === undefined ? undefined : this.#messages.threadRoot(context.channelId, threadTs),
        ephemeralTo: inChannel ? undefined : context.userId,
      }),
    );
  }
}
