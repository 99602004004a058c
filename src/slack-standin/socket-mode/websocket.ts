import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * The server side of one WebSocket (RFC 6455), as much of it as Socket Mode uses: the opening
 * handshake, text frames both ways, ping/pong and the closing handshake. Client frames must be masked
 * (a protocol error otherwise); fragmented messages are reassembled. Node has a WebSocket client but
 * no server, and the stand-in takes no dependency for one.
 */
const HANDSHAKE_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

const OPCODE = { continuation: 0x0, text: 0x1, binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa } as const;

interface WebSocketEvents {
  text: [message: string];
  close: [code: number];
}

export class WebSocketConnection extends EventEmitter<WebSocketEvents> {
  readonly #socket: Duplex;
  #buffer = Buffer.alloc(0);
  #fragments: Buffer[] = [];
  #closed = false;

  private constructor(socket: Duplex) {
    super();
    this.#socket = socket;
    socket.on('data', (chunk: Buffer) => this.#receive(chunk));
    socket.on('close', () => this.#finish(1006));
    socket.on('error', () => this.#finish(1006));
  }

  /** Completes the opening handshake, or answers 400 and returns undefined. */
  static accept(request: IncomingMessage, socket: Duplex, head: Buffer): WebSocketConnection | undefined {
    const key = request.headers['sec-websocket-key'];
    const upgrade = (request.headers.upgrade ?? '').toLowerCase();
    if (typeof key !== 'string' || upgrade !== 'websocket' || request.headers['sec-websocket-version'] !== '13') {
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
      return undefined;
    }
    const acceptKey = createHash('sha1').update(`${key}${HANDSHAKE_GUID}`).digest('base64');
    socket.write(
      `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${acceptKey}\r\n\r\n`,
    );
    const connection = new WebSocketConnection(socket);
    if (head.length > 0) connection.#receive(head);
    return connection;
  }

  get open(): boolean {
    return !this.#closed;
  }

  sendText(text: string): void {
    this.#send(OPCODE.text, Buffer.from(text, 'utf8'));
  }

  ping(data = Buffer.alloc(0)): void {
    this.#send(OPCODE.ping, data);
  }

  close(code = 1000): void {
    if (this.#closed) return;
    const payload = Buffer.alloc(2);
    payload.writeUInt16BE(code);
    this.#send(OPCODE.close, payload);
    this.#finish(code);
    this.#socket.end();
  }

  /** Ends the connection without a closing handshake (a dropped connection). */
  drop(): void {
    this.#finish(1006);
    this.#socket.destroy();
  }

  #send(opcode: number, payload: Buffer): void {
    if (this.#closed || this.#socket.destroyed) return;
    let header: Buffer;
    if (payload.length < 126) {
      header = Buffer.from([0x80 | opcode, payload.length]);
    } else if (payload.length < 65_536) {
      header = Buffer.alloc(4);
      header[0] = 0x80 | opcode;
      header[1] = 126;
      header.writeUInt16BE(payload.length, 2);
    } else {
      header = Buffer.alloc(10);
      header[0] = 0x80 | opcode;
      header[1] = 127;
      header.writeBigUInt64BE(BigInt(payload.length), 2);
    }
    this.#socket.write(Buffer.concat([header, payload]));
  }

  #receive(chunk: Buffer): void {
    this.#buffer = Buffer.concat([this.#buffer, chunk]);
    for (;;) {
      const frame = readFrame(this.#buffer);
      if (frame === 'incomplete') return;
      if (frame === 'unmasked') {
        this.close(1002);
        return;
      }
      this.#buffer = this.#buffer.subarray(frame.length);
      this.#handle(frame.opcode, frame.fin, frame.payload);
      if (this.#closed) return;
    }
  }

  #handle(opcode: number, fin: boolean, payload: Buffer): void {
    switch (opcode) {
      case OPCODE.ping:
        this.#send(OPCODE.pong, payload);
        return;
      case OPCODE.pong:
        return;
      case OPCODE.close:
        this.close(payload.length >= 2 ? payload.readUInt16BE(0) : 1000);
        return;
      case OPCODE.text:
      case OPCODE.binary:
      case OPCODE.continuation: {
        this.#fragments.push(payload);
        if (!fin) return;
        const message = Buffer.concat(this.#fragments).toString('utf8');
        this.#fragments = [];
        this.emit('text', message);
        return;
      }
      default:
        this.close(1002);
    }
  }

  #finish(code: number): void {
    if (this.#closed) return;
    this.#closed = true;
    this.emit('close', code);
  }
}

type Frame = { opcode: number; fin: boolean; payload: Buffer; length: number };

function readFrame(buffer: Buffer): Frame | 'incomplete' | 'unmasked' {
  if (buffer.length < 2) return 'incomplete';
  const first = buffer[0] ?? 0;
  const second = buffer[1] ?? 0;
  if ((second & 0x80) === 0) return 'unmasked';
  let length = second & 0x7f;
  let offset = 2;
  if (length === 126) {
    if (buffer.length < 4) return 'incomplete';
    length = buffer.readUInt16BE(2);
    offset = 4;
  } else if (length === 127) {
    if (buffer.length < 10) return 'incomplete';
    length = Number(buffer.readBigUInt64BE(2));
    offset = 10;
  }
  if (buffer.length < offset + 4 + length) return 'incomplete';
  const mask = buffer.subarray(offset, offset + 4);
  const payload = Buffer.from(buffer.subarray(offset + 4, offset + 4 + length));
  for (let index = 0; index < payload.length; index += 1) {
    payload[index] = (payload[index] ?? 0) ^ (mask[index % 4] ?? 0);
  }
  return { opcode: first & 0x0f, fin: (first & 0x80) !== 0, payload, length: offset + 4 + length };
}
