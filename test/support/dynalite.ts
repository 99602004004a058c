/** Tests start dynalite exactly as the local stack does; no retries, so tests see every failure. */
export { localDynamoDbClient, type RunningDynalite, startDynalite } from '../../src/store/embedded-dynalite.ts';
