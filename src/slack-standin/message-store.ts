import type { StandinMessage } from './types.ts';

/** Formats microseconds since the epoch as a Slack ts: seconds, a dot, six digits. */
function formatTs(micros: number): string {
  const seconds = Math.floor(micros / 1_000_000);
  const fraction = String(micros % 1_000_000).padStart(6, '0');
  return `${seconds}.${fraction}`;
}

/**
 * Every channel's messages in the order Slack would list them. A message's ts is its identity, so the
 * ts generator never repeats itself: it follows the clock but steps forward by one microsecond when the
 * clock has not moved (or went backwards), the way Slack keeps ts unique per channel.
 */
export class MessageStore {
  readonly #clock: () => number;
  readonly #channels = new Map<string, StandinMessage[]>();
  #lastMicros = 0;

  constructor(clock: () => number) {
    this.#clock = clock;
  }

  nextTs(): string {
    const fromClock = Math.floor(this.#clock() * 1000);
    this.#lastMicros = Math.max(fromClock, this.#lastMicros + 1);
    return formatTs(this.#lastMicros);
  }

  add(message: Omit<StandinMessage, 'ts'>): StandinMessage {
    const stored: StandinMessage = { ts: this.nextTs(), ...message };
    const list = this.#channels.get(stored.channel) ?? [];
    list.push(stored);
    this.#channels.set(stored.channel, list);
    return stored;
  }

  find(channel: string, ts: string): StandinMessage | undefined {
    return this.#channels.get(channel)?.find((message) => message.ts === ts);
  }

  /** Slack keeps one level of threading: a reply to a reply joins the parent's thread. */
  threadRoot(channel: string, threadTs: string): string {
    return this.find(channel, threadTs)?.threadTs ?? threadTs;
  }

  remove(channel: string, ts: string): boolean {
    const list = this.#channels.get(channel);
    const index = list?.findIndex((message) => message.ts === ts) ?? -1;
    if (list === undefined || index < 0) return false;
    list.splice(index, 1);
    return true;
  }

  /** Copies, so a test cannot change what the stand-in holds by mutating what it read. */
  list(channel: string): StandinMessage[] {
    return structuredClone(this.#channels.get(channel) ?? []);
  }
}
