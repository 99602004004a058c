/**
 * MaxCompute (ODPS) emulator: the REST protocol of docs/maxcompute-protocol.md, state in memory, SQL
 * on DuckDB. Shares no code with the product client on purpose.
 */
export type {
  EmulatorAccount,
  EmulatorOptions,
  EmulatorRole,
  FaultConfig,
  RunningEmulator,
  StsFaultConfig,
  StsStats,
} from './options.ts';
export { DEMO_ACCOUNT, NO_FAULTS, NO_STS_FAULTS } from './options.ts';
export { startEmulator } from './server.ts';
