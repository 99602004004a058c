import type { FileStore } from '../file-store.ts';
import type { MessageStore } from '../message-store.ts';
import { compact } from '../methods/context.ts';
import type { ResponseUrls } from '../response-urls.ts';
import type { SocketModeHub } from '../socket-mode/hub.ts';
import type { StandinFile, StandinMessage } from '../types.ts';
import type { UserDirectory } from '../user-directory.ts';
import type { ViewStore } from '../view-store.ts';
import { type AppAnswer, type AppTarget, failureCode, sendToApp } from './app-link.ts';
import {
  type Actor,
  type AppRequest,
  blockActions,
  formBody,
  newTriggerId,
  slashCommand,
  viewSubmission,
} from './app-requests.ts';
import {
  commandAnswer,
  findElement,
  isRecord,
  type PageState,
  pageMessage,
  SimulatorInputError,
  type SimulatorOutcome,
} from './page-messages.ts';
import { type MentionDirectory, slackTypedText } from './typed-text.ts';
import { mentionDirectory, type SimulatedChannel, type SimulatedPerson, type SimulatedWorkspace } from './workspace.ts';

export { type PageMessage, type PageState, SimulatorInputError, type SimulatorOutcome } from './page-messages.ts';

export interface SimulatorParts {
  readonly workspace: SimulatedWorkspace;
  readonly teamId: string;
  readonly botUserId: string;
  readonly origin: string;
  readonly messages: MessageStore;
  readonly files: FileStore;
  readonly views: ViewStore;
  readonly users: UserDirectory;
  readonly responseUrls: ResponseUrls;
  readonly clock: () => number;
  /** When an app is connected over Socket Mode, what people do goes to it there instead of over HTTP. */
  readonly socketMode?: SocketModeHub;
}

/** Slackbot speaks for Slack itself (a failed command), the way the real client shows it. */
const SLACKBOT = 'USLACKBOT';

/**
 * Slack's client side for one simulated workspace: a person types a slash command, presses a button
 * or submits a modal; Slack signs the request, sends it to the app's Request URL and shows the answer
 * as Slack would (an ephemeral or in-channel reply, Slackbot's error when the app fails or is too
 * slow). Everything the app sends back through the Web API lands in the same stores the page reads.
 */
export class Simulator {
  readonly #parts: SimulatorParts;
  #target: AppTarget | undefined;
  /** Which person each trigger_id went to, so a modal opens on that person's screen only. */
  readonly #triggerOwners = new Map<string, string>();
  readonly #closedViews = new Set<string>();
  readonly #viewErrors = new Map<string, Record<string, string>>();
  /** Who and what can be mentioned by name: the people, the app's bot user and the channels. */
  readonly #directory: MentionDirectory;

  constructor(parts: SimulatorParts) {
    this.#parts = parts;
    this.#directory = mentionDirectory(parts.workspace, parts.botUserId);
    for (const person of parts.workspace.people) {
      parts.users.set(person.id, { name: person.name, realName: person.realName, locale: person.locale });
    }
  }

  connect(target: AppTarget): void {
    this.#target = target;
  }

  workspace(): PageState['workspace'] {
    return { ...this.#parts.workspace, teamId: this.#parts.teamId };
  }

  state(userId: string, channelId: string): PageState {
    const person = this.#person(userId);
    const channel = this.#channel(channelId);
    const files = new Map(this.#parts.files.list().map((file) => [file.id, file]));
    const messages = this.#parts.messages
      .list(channel.id)
      .filter((message) => message.ephemeralTo === undefined || message.ephemeralTo === person.id)
      .map((message) => pageMessage(message, files, this.#parts.origin));
    const views = this.#parts.views
      .list()
      .filter((view) => this.#triggerOwners.get(view.triggerId) === person.id && !this.#closedViews.has(view.id))
      .map((view) => compact({ id: view.id, view: view.view, errors: this.#viewErrors.get(view.id) }));
    return {
      appConnected: this.#target !== undefined || this.#parts.socketMode?.connected === true,
      botUserId: this.#parts.botUserId,
      workspace: this.workspace(),
      messages,
      views,
    };
  }

  /** A completed file, for its download link. */
  file(id: string): StandinFile | undefined {
    return this.#parts.files.list().find((file) => file.id === id);
  }

  /**
   * A plain message typed in the channel: stored as Slack stores it (escaped, mentions as tokens); it
   * does not reach the app.
   */
  say(userId: string, channelId: string, typed: string, threadTs?: string): SimulatorOutcome {
    const person = this.#person(userId);
    const channel = this.#channel(channelId);
    const root = threadTs === undefined ? undefined : this.#parts.messages.threadRoot(channel.id, threadTs);
    const text = slackTypedText(typed, this.#directory, { tokens: true });
    this.#parts.messages.add(compact({ channel: channel.id, user: person.id, text, threadTs: root }));
    return { ok: true, ms: 0 };
  }

  async command(userId: string, channelId: string, line: string): Promise<SimulatorOutcome> {
    const person = this.#person(userId);
    const channel = this.#channel(channelId);
    const match = /^(\/\S+)(?:\s+([\s\S]*))?$/.exec(line.trim());
    if (match === null) throw new SimulatorInputError('not_a_command', 'A slash command starts with /');
    const [, command = '', typed = ''] = match;
    if (command !== this.#parts.workspace.command) {
      this.#fromSlackbot(channel.id, person.id, `${command} is not a valid command.`);
      return { ok: false, error: 'unknown_command' };
    }
    const triggerId = this.#trigger(person.id);
    const responseUrl = this.#parts.responseUrls.issue(this.#parts.origin, {
      channelId: channel.id,
      userId: person.id,
      awaitsOriginal: true,
    });
    const text = slackTypedText(typed, this.#directory, { tokens: this.#parts.workspace.commandShouldEscape });
    const request = slashCommand({ actor: this.#actor(person), channel, command, text, responseUrl, triggerId });
    const answer = await this.#send(request);
    if (answer.kind !== 'answered' || answer.status !== 200)
      return this.#commandFailed(channel, person, command, answer);
    const shown = this.#showCommandAnswer(channel, person, answer.body);
    if (shown !== undefined) this.#parts.responseUrls.bindOriginal(responseUrl, shown.ts);
    return { ok: true, ms: answer.ms };
  }

  async press(
    userId: string,
    channelId: string,
    messageTs: string,
    actionId: string,
    blockId?: string,
  ): Promise<SimulatorOutcome> {
    const person = this.#person(userId);
    const channel = this.#channel(channelId);
    const message = this.#parts.messages.find(channel.id, messageTs);
    if (message === undefined || (message.ephemeralTo !== undefined && message.ephemeralTo !== person.id)) {
      throw new SimulatorInputError('message_not_found', 'No such message in this channel');
    }
    const found = findElement(message.blocks ?? [], actionId, blockId);
    if (found === undefined)
      throw new SimulatorInputError('element_not_found', `No element ${actionId} on the message`);
    const ephemeral = message.ephemeralTo !== undefined;
    const request = blockActions({
      actor: this.#actor(person),
      channel,
      message: { ts: message.ts, text: message.text, blocks: message.blocks ?? [] },
      ephemeral,
      blockId: found.blockId,
      element: found.element,
      responseUrl: this.#parts.responseUrls.issue(this.#parts.origin, {
        channelId: channel.id,
        userId: person.id,
        messageTs: message.ts,
      }),
      triggerId: this.#trigger(person.id),
      now: this.#parts.clock(),
    });
    const answer = await this.#send(request);
    if (answer.kind !== 'answered' || answer.status !== 200) return { ok: false, error: failureCode(answer) };
    return { ok: true, ms: answer.ms };
  }

  async submitView(
    userId: string,
    viewId: string,
    values: Record<string, Record<string, unknown>>,
  ): Promise<SimulatorOutcome> {
    const person = this.#person(userId);
    const stored = this.#parts.views.list().find((view) => view.id === viewId);
    if (
      stored === undefined ||
      this.#triggerOwners.get(stored.triggerId) !== person.id ||
      this.#closedViews.has(viewId)
    ) {
      throw new SimulatorInputError('view_not_found', 'No such open view');
    }
    const request = viewSubmission({
      actor: this.#actor(person),
      viewId,
      hash: stored.hash,
      view: stored.view,
      values,
      triggerId: this.#trigger(person.id),
    });
    const answer = await this.#send(request);
    if (answer.kind !== 'answered' || answer.status !== 200) return { ok: false, error: failureCode(answer) };
    const body = isRecord(answer.body) ? answer.body : {};
    if (body.response_action === 'errors' && isRecord(body.errors)) {
      this.#viewErrors.set(viewId, stringMap(body.errors));
      return { ok: false, error: 'validation_errors', ms: answer.ms };
    }
    if (body.response_action === 'update' && isRecord(body.view)) {
      this.#parts.views.update({ viewId }, body.view);
      this.#viewErrors.delete(viewId);
      return { ok: true, ms: answer.ms };
    }
    this.#closedViews.add(viewId);
    return { ok: true, ms: answer.ms };
  }

  /** The person closed the modal (Cancel or Escape); Slack only tells apps that ask with notify_on_close. */
  closeView(userId: string, viewId: string): void {
    const person = this.#person(userId);
    const stored = this.#parts.views.list().find((view) => view.id === viewId);
    if (stored !== undefined && this.#triggerOwners.get(stored.triggerId) === person.id) this.#closedViews.add(viewId);
  }

  /** Over the Socket Mode connection when the app holds one, else signed to its Request URL. */
  #send(request: AppRequest): Promise<AppAnswer> {
    const socket = this.#parts.socketMode;
    if (socket?.connected) {
      return socket.deliver(request.type, request.type === 'slash_commands' ? request.fields : request.payload);
    }
    const target = this.#target;
    if (target === undefined) return Promise.resolve({ kind: 'unreachable', ms: 0, detail: 'no app connected' });
    return sendToApp(target, formBody(request), this.#parts.clock);
  }

  /** Slack's answer to a command the app failed: an ephemeral from Slackbot naming the error. */
  #commandFailed(
    channel: SimulatedChannel,
    person: SimulatedPerson,
    command: string,
    answer: AppAnswer,
  ): SimulatorOutcome {
    const error = failureCode(answer);
    this.#fromSlackbot(channel.id, person.id, `${command} failed with the error "${error}"`);
    return { ok: false, error, ms: answer.ms };
  }

  /** The app's acknowledgement as Slack shows it; the message, when there is one. */
  #showCommandAnswer(channel: SimulatedChannel, person: SimulatedPerson, body: unknown): StandinMessage | undefined {
    const message = commandAnswer(body, {
      channelId: channel.id,
      personId: person.id,
      botUserId: this.#parts.botUserId,
    });
    return message === undefined ? undefined : this.#parts.messages.add(message);
  }

  #fromSlackbot(channelId: string, userId: string, text: string): void {
    this.#parts.messages.add({ channel: channelId, user: SLACKBOT, text, ephemeralTo: userId });
  }

  #trigger(userId: string): string {
    const triggerId = newTriggerId(this.#parts.clock());
    this.#triggerOwners.set(triggerId, userId);
    return triggerId;
  }

  #actor(person: SimulatedPerson): Actor {
    return {
      teamId: this.#parts.teamId,
      teamDomain: this.#parts.workspace.teamDomain,
      appId: this.#parts.workspace.appId,
      userId: person.id,
      userName: person.name,
    };
  }

  #person(userId: string): SimulatedPerson {
    const person = this.#parts.workspace.people.find((candidate) => candidate.id === userId);
    if (person === undefined) throw new SimulatorInputError('user_not_found', `No person ${userId} in the workspace`);
    return person;
  }

  #channel(channelId: string): SimulatedChannel {
    const channel = this.#parts.workspace.channels.find((candidate) => candidate.id === channelId);
    if (channel === undefined) throw new SimulatorInputError('channel_not_found', `No channel ${channelId}`);
    return channel;
  }
}

function stringMap(value: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(value).map(([key, text]) => [key, String(text)]));
}
