/**
 * MaxCompute (ODPS) emulator: the REST protocol of docs/maxcompute-protocol.md, state in memory, SQL
 * on DuckDB. Shares no code with the product client on purpose.
 */
export type { EmulatorAccount, EmulatorOptions, FaultConfig, RunningEmulator } from './options.ts';
export { DEMO_ACCOUNT, NO_FAULTS } from './options.ts';
export { startEmulator } from './server.ts';
