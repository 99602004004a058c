import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { AppAnswer } from '../simulator/app-link.ts';
import { WebSocketConnection } from './websocket.ts';

/**
 * Slack's side of Socket Mode: apps.connections.open hands out a one-time WebSocket URL; the app
 * connects, gets `hello`, and from then on receives envelopes ({envelope_id, type, payload,
 * accepts_response_payload}) that it acknowledges with {envelope_id, payload}. Slack waits 3 seconds
 * for the acknowledgement, as over HTTP. Slack pings; the stand-in does too, every 10 seconds.
 */
const ACK_LIMIT_MS = 3000;
const PING_EVERY_MS = 10_000;

interface PendingAck {
  resolve(answer: AppAnswer): void;
  started: number;
}

export class SocketModeHub {
  readonly #origin: string;
  readonly #appId: string;
  readonly #clock: () => number;
  readonly #tickets = new Set<string>();
  readonly #connections: WebSocketConnection[] = [];
  readonly #pending = new Map<string, PendingAck>();
  readonly #pinger: NodeJS.Timeout;

  constructor(origin: string, appId: string, clock: () => number) {
    this.#origin = origin;
    this.#appId = appId;
    this.#clock = clock;
    this.#pinger = setInterval(() => {
      for (const connection of this.#connections) connection.ping(Buffer.from(String(this.#clock())));
    }, PING_EVERY_MS);
    this.#pinger.unref();
  }

  /** apps.connections.open: a ws:// URL that works once. */
  issueUrl(): string {
    const ticket = randomBytes(16).toString('hex');
    this.#tickets.add(ticket);
    return `${this.#origin.replace(/^http/, 'ws')}/socket-mode/${ticket}`;
  }

  get connected(): boolean {
    return this.#connections.some((connection) => connection.open);
  }

  /** Takes the HTTP upgrade for /socket-mode/<ticket>; false when the path is not Socket Mode's. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const path = new URL(request.url ?? '/', this.#origin).pathname;
    const match = /^\/socket-mode\/([0-9a-f]{32})$/.exec(path);
    if (match === null) return false;
    const ticket = match[1] ?? '';
    if (!this.#tickets.delete(ticket)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      return true;
    }
    const connection = WebSocketConnection.accept(request, socket, head);
    if (connection === undefined) return true;
    this.#connections.push(connection);
    connection.on('text', (text) => this.#acknowledged(text));
    connection.on('close', () => {
      const index = this.#connections.indexOf(connection);
      if (index >= 0) this.#connections.splice(index, 1);
    });
    connection.sendText(
      JSON.stringify({
        type: 'hello',
        num_connections: this.#connections.length,
        debug_info: { host: 'standin', approximate_connection_time: 18060 },
        connection_info: { app_id: this.#appId },
      }),
    );
    return true;
  }

  /** Sends one envelope to the newest connection and waits for its acknowledgement. */
  deliver(type: 'slash_commands' | 'interactive', payload: Record<string, unknown>): Promise<AppAnswer> {
    const connection = [...this.#connections].reverse().find((candidate) => candidate.open);
    if (connection === undefined) return Promise.resolve({ kind: 'unreachable', ms: 0, detail: 'no socket' });
    const envelopeId = randomUUID();
    const started = this.#clock();
    return new Promise<AppAnswer>((resolve) => {
      const timer = setTimeout(() => {
        this.#pending.delete(envelopeId);
        resolve({ kind: 'timeout', ms: this.#clock() - started });
      }, ACK_LIMIT_MS);
      this.#pending.set(envelopeId, {
        started,
        resolve: (answer) => {
          clearTimeout(timer);
          resolve(answer);
        },
      });
      connection.sendText(JSON.stringify({ envelope_id: envelopeId, type, payload, accepts_response_payload: true }));
    });
  }

  close(): void {
    clearInterval(this.#pinger);
    for (const connection of [...this.#connections]) connection.close(1001);
  }

  #acknowledged(text: string): void {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    if (typeof message !== 'object' || message === null) return;
    const { envelope_id: envelopeId, payload } = message as { envelope_id?: unknown; payload?: unknown };
    if (typeof envelopeId !== 'string') return;
    const pending = this.#pending.get(envelopeId);
    if (pending === undefined) return;
    this.#pending.delete(envelopeId);
    pending.resolve({ kind: 'answered', status: 200, body: payload ?? '', ms: this.#clock() - pending.started });
  }
}
