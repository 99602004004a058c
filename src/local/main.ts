import { ConfigError } from '../config/config-error.ts';
import { startLocalApp } from '../runtime/local-app.ts';

/**
 * `npm start`: the whole product on this machine (src/runtime/local-app.ts), configured by the same
 * environment variables as the Lambda functions. Prints what runs where; Ctrl-C stops everything, as
 * do SIGTERM and SIGINT sent to this process or to the `npm start` that runs it.
 */
const say = (line = '') => process.stdout.write(`${line}\n`);

try {
  const app = await startLocalApp(process.env);
  say('odps-chatops is running locally.');
  for (const line of app.summary) say(`  ${line}`);
  if (app.simulatorUrl !== undefined) {
    say();
    say(`  Try it: open ${app.simulatorUrl} and type /odps run select * from pyodps_iris limit 5`);
  }
  say();
  say('Ctrl-C stops everything.');
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`\n${signal}: stopping…`);
    app.close().then(
      () => {
        say('Stopped.');
        process.exit(0);
      },
      (error: unknown) => {
        say(`Stopped with an error: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  stopWhenOrphaned(() => stop('npm start ended'));
} catch (error) {
  if (error instanceof ConfigError) say(`Configuration problem:\n${error.message}`);
  else say(`Could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}

/**
 * npm does not pass a SIGTERM or SIGINT sent to its own PID on to the script it runs (a terminal's
 * Ctrl-C reaches the whole process group; a process manager's signal reaches npm alone): npm exits
 * and this process is re-parented. A changed parent is that signal, so the app still stops cleanly.
 */
function stopWhenOrphaned(stop: () => void): void {
  const parent = process.ppid;
  const check = setInterval(() => {
    if (process.ppid !== parent) {
      clearInterval(check);
      stop();
    }
  }, 250);
  check.unref();
}
