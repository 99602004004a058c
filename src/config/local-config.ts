import type { EnvReader } from './env-reader.ts';

/**
 * What `npm start` runs, decided from the same variables that configure the Lambda functions. Each
 * part is embedded unless its variables name the real thing:
 *   MaxCompute  ODPS_ENDPOINT (+ project, credentials)      else the emulator
 *   Slack       SLACK_APP_TOKEN + SLACK_BOT_TOKEN            Socket Mode to a real workspace
 *               SLACK_API_URL (+ signing secret, bot token)  another Slack stand-in, over HTTP
 *               neither                                      the embedded stand-in and its simulator page
 *   Store       ODPS_TABLE_NAME (+ AWS_REGION, credentials)  DynamoDB   else an embedded dynalite
 */
export interface LocalConfig {
  readonly host: string;
  /** The app's HTTP listener: POST /slack/events. */
  readonly port: number;
  /** The Slack stand-in with the simulator page (simulator mode only). */
  readonly simulatorPort: number;
  /** The MaxCompute emulator (when no ODPS_ENDPOINT). 0: a free port. */
  readonly emulatorPort: number;
  /** How long an emulated query runs unless its SQL hints otherwise: long enough to watch the card move. */
  readonly emulatorDurationMs: number;
  readonly maxcompute: 'emulator' | 'remote';
  readonly slack: 'simulator' | 'remote-standin' | 'socket-mode';
  readonly store: 'embedded' | 'dynamodb';
}

/** The local part of the one configuration (config.ts): problems go to the shared reader. */
export function readLocalConfig(read: EnvReader): LocalConfig {
  const port = (name: string, fallback: number) => read.integer(name, fallback, { min: 0, max: 65_535 });
  const appToken = read.matching('SLACK_APP_TOKEN', /^xapp-/, 'an app-level token, xapp-…');
  const apiUrl = read.url('SLACK_API_URL');
  let slack: LocalConfig['slack'] = 'simulator';
  // Outside simulator mode the Slack part requires the app's signing secret and bot token.
  if (appToken !== undefined) slack = 'socket-mode';
  else if (apiUrl !== undefined) slack = 'remote-standin';
  const config: LocalConfig = {
    host: read.optional('HOST') ?? '127.0.0.1',
    port: port('PORT', 3001),
    simulatorPort: port('SIMULATOR_PORT', 3000),
    emulatorPort: port('EMULATOR_PORT', 0),
    emulatorDurationMs: read.integer('EMULATOR_DURATION_MS', 6000, { min: 0, max: 3_600_000 }),
    maxcompute: read.optional('ODPS_ENDPOINT') === undefined ? 'emulator' : 'remote',
    slack,
    store: read.optional('ODPS_TABLE_NAME') === undefined ? 'embedded' : 'dynamodb',
  };
  return Object.freeze(config);
}
