import { type LocalStack, startLocalStack } from '../src/runtime/local.ts';
import type { WorkerJob } from '../src/slack/handoff.ts';
import { MemoryInstanceStore } from '../src/store/memory-instance-store.ts';
import { apiGatewayEvent, lambdaContext, slashCommandBody } from '../test/support/slack-requests.ts';
import { difference } from './export-support.ts';

/** What bench/cost.ts needs besides its own steps: a stack per mode, one command, the figures. */

export type Mode = 'off' | 'on';
export const PROJECT = 'bench_cost';
const SECRET = 'bench-signing-secret-0123456789';

/** One `/odps run`: when it was sent and what the handler answered; its card's time is read afterwards. */
export interface Sent {
  readonly channel: string;
  readonly sentAt: number;
  readonly ackMs: number;
  readonly status: number;
}

export interface ModeStack {
  readonly mode: Mode;
  readonly stack: LocalStack;
  /** Sends one signed slash command through the Lambda handler; settles once the worker's job has ended. */
  send(channel: string, text: string): Promise<Sent>;
}

/**
 * The local stack (src/runtime/local.ts) with ODPS_COST_ESTIMATE set, the in-memory store as bench:ack
 * uses it, and the emulator answering every request `latencyMs` late (and holding a blocking status read
 * up to `statusHoldMs` while the status stays the same, as the real service may). The worker runs in this process
 * (the in-process bus, as `npm start` runs it); only its end is observed, to know when a run is over.
 */
export async function startModeStack(mode: Mode, latencyMs: number, statusHoldMs: number): Promise<ModeStack> {
  const stack = await startLocalStack({
    store: new MemoryInstanceStore(),
    project: PROJECT,
    signingSecret: SECRET,
    env: { ODPS_COST_ESTIMATE: mode },
    emulator: { statusHoldMs },
  });
  stack.emulator.faults.set({ latencyMs });
  const ended = new Map<string, () => void>();
  stack.publisher.connect(async (job: WorkerJob) => {
    try {
      await stack.frontDoor.worker.handle(job);
    } finally {
      ended.get('origin' in job ? job.origin.channelId : job.channelId)?.();
    }
  });
  return {
    mode,
    stack,
    send: async (channel, text) => {
      const jobEnded = new Promise<void>((resolve) => ended.set(channel, resolve));
      const responseUrl = stack.standin.newResponseUrl({ channelId: channel, userId: 'U0COST', awaitsOriginal: true });
      const body = slashCommandBody({ text, userId: 'U0COST', channelId: channel, responseUrl });
      const sentAt = Date.now();
      const t0 = performance.now();
      const response = (await stack.slack(
        apiGatewayEvent({ body, signingSecret: SECRET }) as never,
        lambdaContext(),
      )) as {
        statusCode: number;
      };
      const ackMs = performance.now() - t0;
      if (response.statusCode === 200) await jobEnded;
      ended.delete(channel);
      return { channel, sentAt, ackMs, status: response.statusCode };
    },
  };
}

/** Milliseconds from each command to its job card (the first chat.postMessage in its channel); NaN when none came. */
export function cardLatencies(stack: LocalStack, sent: readonly Sent[]): number[] {
  const cards = new Map<string, number>();
  for (const call of stack.standin.calls('chat.postMessage')) {
    const channel = String(call.args.channel);
    if (call.status === 200 && Array.isArray(call.args.blocks) && !cards.has(channel)) cards.set(channel, call.at);
  }
  return sent.map((each) => (cards.get(each.channel) ?? Number.NaN) - each.sentAt);
}

/** MaxCompute requests per run, by kind, since `before`. */
export function requestsPerRun(
  stack: LocalStack,
  before: Record<string, number>,
  runs: number,
): Record<string, number> {
  const counts = difference(stack.emulator.stats().byKind, before);
  return Object.fromEntries(Object.entries(counts).map(([kind, count]) => [kind, count / runs]));
}

export interface Summary {
  readonly p50: number;
  readonly p95: number;
  readonly max: number;
  readonly missing: number;
}

export function summarize(values: readonly number[]): Summary {
  const present = values.filter((value) => !Number.isNaN(value)).sort((a, b) => a - b);
  const at = (p: number) => present[Math.min(present.length - 1, Math.floor(p * present.length))] ?? Number.NaN;
  return { p50: at(0.5), p95: at(0.95), max: present.at(-1) ?? Number.NaN, missing: values.length - present.length };
}

/** Rows of cells as a Markdown table, each column padded to its widest cell. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0))) ?? [];
  const line = (row: readonly string[]) =>
    `| ${row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ')} |`;
  const [head, ...body] = rows;
  if (head === undefined) return '';
  return [line(head), line(widths.map((width) => '-'.repeat(width))), ...body.map(line)].join('\n');
}
