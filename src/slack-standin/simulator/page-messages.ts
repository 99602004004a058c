import { compact } from '../methods/context.ts';
import type { StandinMessage } from '../types.ts';
import type { SimulatedWorkspace } from './workspace.ts';

/** What the page shows for one message; files resolved to names and download links. */
export interface PageMessage {
  readonly ts: string;
  readonly user?: string;
  readonly text?: string;
  readonly blocks?: unknown[];
  readonly threadTs?: string;
  readonly ephemeral: boolean;
  readonly edited: boolean;
  readonly files: readonly { id: string; name: string; title: string; size: number; url: string }[];
}

export interface PageState {
  readonly appConnected: boolean;
  readonly botUserId: string;
  readonly workspace: SimulatedWorkspace & { readonly teamId: string };
  readonly messages: readonly PageMessage[];
  readonly views: readonly { id: string; view: Record<string, unknown>; errors?: Record<string, string> }[];
}

/** The outcome of something the person did, as the page reports it. */
export type SimulatorOutcome =
  | { readonly ok: true; readonly ms: number }
  | { readonly ok: false; readonly error: string; readonly ms?: number };

/** Something the page asked for that the workspace does not have: answered 400 with its code. */
export class SimulatorInputError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'SimulatorInputError';
    this.code = code;
  }
}

type StoredFiles = Map<string, { filename: string; title?: string; content: Buffer }>;

export function pageMessage(message: StandinMessage, files: StoredFiles, origin: string): PageMessage {
  const shared = (message.files ?? []).flatMap((id) => {
    const file = files.get(id);
    if (file === undefined) return [];
    const url = `${origin}/simulator/files/${encodeURIComponent(id)}`;
    return [{ id, name: file.filename, title: file.title ?? file.filename, size: file.content.length, url }];
  });
  return compact({
    ts: message.ts,
    user: message.user,
    text: message.text,
    blocks: message.blocks,
    threadTs: message.threadTs,
    ephemeral: message.ephemeralTo !== undefined,
    edited: message.edited === true,
    files: shared,
  }) as PageMessage;
}

/**
 * A command's 200 with a body, as the message Slack shows: JSON with text or blocks (ephemeral
 * unless response_type is in_channel), plain text as an ephemeral text; nothing for an empty body.
 */
export function commandAnswer(
  body: unknown,
  to: { readonly channelId: string; readonly personId: string; readonly botUserId: string },
): Omit<StandinMessage, 'ts'> | undefined {
  const from = { channel: to.channelId, user: to.botUserId };
  if (typeof body === 'string') {
    return body.trim() === '' ? undefined : { ...from, text: body, ephemeralTo: to.personId };
  }
  if (!isRecord(body)) return undefined;
  const text = typeof body.text === 'string' ? body.text : undefined;
  const blocks = Array.isArray(body.blocks) ? body.blocks : undefined;
  if (text === undefined && blocks === undefined) return undefined;
  const ephemeralTo = body.response_type === 'in_channel' ? undefined : to.personId;
  return compact({ ...from, text, blocks, ephemeralTo });
}

/** An interactive element by action_id, in an actions block or as a section's accessory. */
export function findElement(
  blocks: readonly unknown[],
  actionId: string,
  blockId?: string,
): { blockId: string; element: Record<string, unknown> } | undefined {
  for (const [index, block] of blocks.entries()) {
    if (!isRecord(block)) continue;
    const id = typeof block.block_id === 'string' ? block.block_id : `block-${index}`;
    if (blockId !== undefined && id !== blockId) continue;
    const candidates = [
      ...(Array.isArray(block.elements) ? block.elements : []),
      ...(block.accessory === undefined ? [] : [block.accessory]),
    ];
    const element = candidates.find((candidate) => isRecord(candidate) && candidate.action_id === actionId);
    if (isRecord(element)) return { blockId: id, element };
  }
  return undefined;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
