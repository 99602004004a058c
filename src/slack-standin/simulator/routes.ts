import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Simulator, SimulatorInputError } from './simulator.ts';

/**
 * The simulator page and its small JSON API, served by the stand-in next to the Web API:
 *   GET  /                          the page
 *   GET  /favicon.ico               its icon (browsers ask for it on their own)
 *   GET  /simulator/assets/<name>   its scripts and styles (a fixed list: nothing else on disk is served)
 *   GET  /simulator/api/workspace   the people and channels to choose from
 *   GET  /simulator/api/state       what one person sees in one channel
 *   POST /simulator/api/<action>    command, say, press, submit-view, close-view (JSON bodies only, so
 *                                   another site's form cannot post here)
 *   GET  /simulator/files/<id>      a shared file, as a download
 */
const SCRIPT = 'text/javascript; charset=utf-8';
const STYLE = 'text/css; charset=utf-8';
const ASSETS: Record<string, string> = {
  'index.html': 'text/html; charset=utf-8',
  'simulator.js': SCRIPT,
  'page-state.js': SCRIPT,
  'messages.js': SCRIPT,
  'thread-pane.js': SCRIPT,
  'view-dialog.js': SCRIPT,
  'blocks.js': SCRIPT,
  'mrkdwn.js': SCRIPT,
  'chrome-text.js': SCRIPT,
  'simulator.css': STYLE,
  'messages.css': STYLE,
  'thread-pane.css': STYLE,
  'dialogs.css': STYLE,
  // 32×32, one PNG in an ICO container (170 bytes): a white # on the sidebar's purple.
  'favicon.ico': 'image/x-icon',
};

const PAGE_DIR = new URL('./page/', import.meta.url);

/** Scripts from this origin only, no inline script; frames and plugins off. */
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; object-src 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

type Json = Record<string, unknown>;

export async function serveSimulator(
  simulator: Simulator,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
  body: Buffer,
): Promise<boolean> {
  const path = url.pathname;
  if (request.method === 'GET' && (path === '/' || path === '/simulator' || path === '/simulator/')) {
    await sendAsset(response, 'index.html');
    return true;
  }
  if (request.method === 'GET' && path === '/favicon.ico') {
    await sendAsset(response, 'favicon.ico');
    return true;
  }
  if (!path.startsWith('/simulator/')) return false;
  const [, , area, name] = path.split('/');
  if (area === 'assets' && request.method === 'GET' && name !== undefined && Object.hasOwn(ASSETS, name)) {
    await sendAsset(response, name);
    return true;
  }
  if (area === 'files' && request.method === 'GET' && name !== undefined) {
    sendFile(simulator, decodeURIComponent(name), response);
    return true;
  }
  if (area !== 'api' || name === undefined) return false;
  try {
    if (name === 'workspace' && request.method === 'GET') {
      sendJson(response, 200, simulator.workspace());
      return true;
    }
    if (name === 'state' && request.method === 'GET') {
      const state = simulator.state(url.searchParams.get('user') ?? '', url.searchParams.get('channel') ?? '');
      sendJson(response, 200, state);
      return true;
    }
    if (request.method !== 'POST') return false;
    if (!(request.headers['content-type'] ?? '').toLowerCase().startsWith('application/json')) {
      sendJson(response, 415, { ok: false, error: 'json_only' });
      return true;
    }
    const input = parseJson(body);
    const outcome = await act(simulator, name, input);
    if (outcome === undefined) return false;
    sendJson(response, 200, outcome);
  } catch (error) {
    if (!(error instanceof SimulatorInputError)) throw error;
    sendJson(response, 400, { ok: false, error: error.code, message: error.message });
  }
  return true;
}

async function act(simulator: Simulator, name: string, input: Json): Promise<unknown> {
  const user = text(input, 'user');
  switch (name) {
    case 'command':
      return simulator.command(user, text(input, 'channel'), text(input, 'text'));
    case 'say':
      return simulator.say(user, text(input, 'channel'), text(input, 'text'), optionalText(input, 'threadTs'));
    case 'press':
      return simulator.press(
        user,
        text(input, 'channel'),
        text(input, 'messageTs'),
        text(input, 'actionId'),
        optionalText(input, 'blockId'),
      );
    case 'submit-view': {
      const values = input.values;
      if (typeof values !== 'object' || values === null || Array.isArray(values)) {
        throw new SimulatorInputError('invalid_values', 'values must be an object');
      }
      return simulator.submitView(user, text(input, 'viewId'), values as Record<string, Record<string, unknown>>);
    }
    case 'close-view':
      simulator.closeView(user, text(input, 'viewId'));
      return { ok: true };
    default:
      return undefined;
  }
}

async function sendAsset(response: ServerResponse, name: string): Promise<void> {
  const content = await readFile(new URL(name, PAGE_DIR));
  response.writeHead(200, { 'content-type': ASSETS[name] ?? 'application/octet-stream', ...SECURITY_HEADERS });
  response.end(content);
}

/** Downloads carry an ASCII fallback name and the real one in RFC 5987 form; never rendered inline. */
function sendFile(simulator: Simulator, id: string, response: ServerResponse): void {
  const file = simulator.file(id);
  if (file === undefined) {
    sendJson(response, 404, { ok: false, error: 'file_not_found' });
    return;
  }
  const fallback = file.filename.replace(/[^A-Za-z0-9._-]/g, '_') || 'download';
  response.writeHead(200, {
    'content-type': file.filename.toLowerCase().endsWith('.csv')
      ? 'text/csv; charset=utf-8'
      : 'application/octet-stream',
    'content-disposition': `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
    'content-length': String(file.content.length),
    ...SECURITY_HEADERS,
  });
  response.end(file.content);
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...SECURITY_HEADERS });
  response.end(JSON.stringify(body));
}

function parseJson(body: Buffer): Json {
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Json;
  } catch {
    // reported below
  }
  throw new SimulatorInputError('invalid_json', 'The body must be a JSON object');
}

function text(input: Json, field: string): string {
  const value = input[field];
  if (typeof value !== 'string') throw new SimulatorInputError('invalid_arguments', `${field} must be a string`);
  return value;
}

function optionalText(input: Json, field: string): string | undefined {
  return input[field] === undefined ? undefined : text(input, field);
}
