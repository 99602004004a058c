import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { groupAlive } from '../test/support/process-group.ts';

/**
 * CI's check of the README's first command: `npm start` starts, the simulator page answers, a typed
 * `/odps help` comes back from the app through the simulator, and a SIGTERM to npm's PID alone (what
 * a process manager or a script sends; a terminal's Ctrl-C reaches the whole group) stops all of it
 * cleanly. Free ports (0) so nothing else on the machine can be in the way.
 */
let group: number | undefined;
const fail = (message: string): never => {
  console.error(`probe-start: ${message}`);
  // Never leave the app running behind a failed probe.
  try {
    if (group !== undefined) process.kill(-group, 'SIGKILL');
  } catch {
    // The group is already gone.
  }
  process.exit(1);
};

const child = spawn('npm', ['start'], {
  env: { ...process.env, PORT: '0', SIMULATOR_PORT: '0' },
  stdio: ['ignore', 'pipe', 'inherit'],
  detached: true,
});
group = child.pid;
const output: string[] = [];
function earlyExit(code: number | null): void {
  fail(`npm start exited early with ${code}:\n${output.join('\n')}`);
}
const started = Date.now();
const simulatorUrl = await new Promise<string>((resolve) => {
  const timer = setTimeout(() => fail(`no simulator URL within 60 s:\n${output.join('\n')}`), 60_000);
  createInterface({ input: child.stdout }).on('line', (line) => {
    output.push(line);
    process.stdout.write(`  | ${line}\n`);
    const match = /Open the Slack simulator: (http:\/\/\S+)/.exec(line);
    if (match?.[1]) {
      clearTimeout(timer);
      resolve(match[1]);
    }
  });
  child.once('exit', earlyExit);
});
child.off('exit', earlyExit);
console.log(`probe-start: up in ${Date.now() - started} ms at ${simulatorUrl}`);

const page = await fetch(simulatorUrl);
if (page.status !== 200 || !(await page.text()).includes('simulator.js')) fail(`page answered ${page.status}`);

const person = 'U0ADA';
const channel = 'C0DATAENG';
const command = await fetch(`${simulatorUrl}simulator/api/command`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ user: person, channel, text: '/odps help' }),
});
const outcome = (await command.json()) as { ok: boolean; error?: string };
if (!outcome.ok) fail(`/odps help was not delivered: ${outcome.error}`);
const state = (await (await fetch(`${simulatorUrl}simulator/api/state?user=${person}&channel=${channel}`)).json()) as {
  messages: { ephemeral: boolean }[];
};
if (!state.messages.some((message) => message.ephemeral && JSON.stringify(message).includes('/odps run'))) {
  fail(`no help answer in the channel: ${JSON.stringify(state.messages)}`);
}
console.log('probe-start: /odps help answered through the simulator');

const exited = once(child, 'exit');
process.kill(child.pid ?? 0, 'SIGTERM');
const timer = setTimeout(() => {
  fail('still running 15 s after SIGTERM to npm');
}, 15_000);
const [code, signal] = (await exited) as [number | null, NodeJS.Signals | null];
// npm re-raises the signal it forwarded once the app has exited; the app itself must exit 0.
if (code !== 0 && signal !== 'SIGTERM') fail(`exited with ${code ?? signal} after SIGTERM`);
while (groupAlive(group ?? 0)) await new Promise((resolve) => setTimeout(resolve, 100));
clearTimeout(timer);
if (!output.some((line) => line.includes('Stopped.'))) fail('did not say it stopped');
console.log('probe-start: SIGTERM to npm stopped everything cleanly');
