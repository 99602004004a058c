export { parseCommand } from './parse-command.ts';
export type {
  ListScope,
  ParsedCommand,
  Subcommand,
  UsageCode,
  UsageProblem,
} from './parsed-command.ts';
export { stripCodeFormatting } from './sql-argument.ts';
