import { parseArgs } from 'node:util';
import { startSlackStandin } from './index.ts';

/**
 * `node src/slack-standin/main.ts [--port 3000] [--bot-token xoxb-…]`: the Slack Web API stand-in as
 * its own process (benchmarks keep it out of the measured process; the local stack will serve its
 * simulator page from here). Loopback only. Prints its API URL; SIGINT/SIGTERM close it.
 */
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    'bot-token': { type: 'string', default: 'xoxb-standin' },
  },
});
const standin = await startSlackStandin({ port: Number(values.port), botToken: values['bot-token'] });
process.stdout.write(`Slack Web API stand-in listening\n  api: ${standin.apiUrl}\n`);
const stop = () => void standin.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
