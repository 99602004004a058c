import { request } from 'undici';
import type { Env } from '../config/env-reader.ts';

/** The environment variables that may hold secrets, and may instead name where to fetch them. */
export const SECRET_VARIABLES = [
  'SLACK_SIGNING_SECRET',
  'SLACK_BOT_TOKEN',
  'ALIBABA_CLOUD_ACCESS_KEY_ID',
  'ALIBABA_CLOUD_ACCESS_KEY_SECRET',
] as const;

export interface SecretSource {
  /** The AWS Parameters and Secrets Lambda Extension, `http://localhost:2773` inside Lambda. */
  readonly extensionUrl: string;
  /** `AWS_SESSION_TOKEN`: the extension only answers requests that carry it. */
  readonly sessionToken: string;
  readonly timeoutMs?: number;
}

export class SecretResolutionError extends Error {
  readonly code = 'secret_unresolved';
  readonly retryable = true;

  constructor(variable: string, cause: unknown) {
    super(`Could not resolve ${variable} from the secrets extension`, { cause });
    this.name = 'SecretResolutionError';
  }
}

/**
 * At cold start: for each secret variable left unset, `<NAME>_SSM_PARAMETER` (a SecureString name)
 * or `<NAME>_SECRET_ARN` (a Secrets Manager secret) says where its value lives. Values are read
 * through the Parameters and Secrets Lambda Extension over loopback HTTP: no SDK in the bundle, and
 * the extension caches them across invocations. They go into a copy of the env map that the config
 * parser reads like any other; nothing is logged.
 */
export async function resolveSecrets(env: Env, source: SecretSource): Promise<Env> {
  const resolved: Record<string, string | undefined> = { ...env };
  await Promise.all(
    SECRET_VARIABLES.map(async (name) => {
      if (env[name]) return;
      const parameter = env[`${name}_SSM_PARAMETER`];
      const secretArn = env[`${name}_SECRET_ARN`];
      try {
        if (parameter) {
          const answer = (await get(
            source,
            `/systemsmanager/parameters/get?name=${encodeURIComponent(parameter)}&withDecryption=true`,
          )) as {
            Parameter?: { Value?: string };
          };
          resolved[name] = answer.Parameter?.Value;
        } else if (secretArn) {
          const answer = (await get(source, `/secretsmanager/get?secretId=${encodeURIComponent(secretArn)}`)) as {
            SecretString?: string;
          };
          resolved[name] = answer.SecretString;
        }
      } catch (cause) {
        throw new SecretResolutionError(name, cause);
      }
    }),
  );
  return resolved;
}

async function get(source: SecretSource, path: string): Promise<unknown> {
  const response = await request(`${source.extensionUrl}${path}`, {
    headers: { 'X-Aws-Parameters-Secrets-Token': source.sessionToken },
    signal: AbortSignal.timeout(source.timeoutMs ?? 2000),
  });
  if (response.statusCode !== 200) {
    await response.body.dump();
    throw new Error(`the extension answered HTTP ${response.statusCode}`);
  }
  return response.body.json();
}
