/**
 * A local stand-in for the Slack Web API (see README.md): point a WebClient or Bolt at `apiUrl`,
 * then read what the bot did through `calls()`, `channel()`, `files()` and `responses()`.
 */
export { BLOCK_LIMITS, checkBlocks } from './block-limits.ts';
export { startSlackStandin } from './server.ts';
export type { AppTarget } from './simulator/app-link.ts';
export type { PageState, SimulatorOutcome } from './simulator/simulator.ts';
export { DEFAULT_WORKSPACE, type SimulatedWorkspace } from './simulator/workspace.ts';
export type {
  RecordedCall,
  RecordedResponse,
  ResponseUrlContext,
  SlackStandin,
  SlackStandinOptions,
  StandinFailure,
  StandinFaultRule,
  StandinFile,
  StandinMessage,
  StandinUser,
  StandinUserGroup,
  StandinView,
} from './types.ts';
