import type { EnvReader } from './env-reader.ts';

/**
 * MaxCompute settings under PyODPS's environment names, credentials under Alibaba Cloud's.
 * The secret is kept off `toString`/JSON output so a logged config never shows it.
 */
export interface MaxComputeConfig {
  readonly endpoint: string;
  readonly project: string;
  /** Explicit `ODPS_REGION_NAME`; the client also reads one off public endpoints. */
  readonly region: string | undefined;
  readonly logviewHost: string | undefined;
  /** `ODPS_TUNNEL_ENDPOINT`; without it the client asks the project for its tunnel endpoint. */
  readonly tunnelEndpoint: string | undefined;
  readonly logviewHours: number;
  readonly credentials: {
    readonly accessId: string;
    readonly secret: string;
    readonly securityToken: string | undefined;
  };
}

const PROJECT = /^[A-Za-z0-9_]{1,128}$/;
const REGION = /^[a-z0-9-]{2,40}$/;

/** The MaxCompute part of the one configuration (config.ts): problems go to the shared reader. */
export function readMaxComputeConfig(read: EnvReader): MaxComputeConfig {
  const endpoint = read.url('ODPS_ENDPOINT') ?? '';
  if (endpoint === '')
    read.problem('ODPS_ENDPOINT is required (e.g. https://service.cn-hangzhou.maxcompute.aliyun.com/api)');
  const project = read.matching('ODPS_PROJECT_NAME', PROJECT, 'a MaxCompute project name') ?? '';
  if (project === '') read.problem('ODPS_PROJECT_NAME is required');
  const config: MaxComputeConfig = {
    endpoint,
    project,
    region: read.matching('ODPS_REGION_NAME', REGION, 'a region id such as cn-hangzhou'),
    logviewHost: read.url('ODPS_LOGVIEW_HOST'),
    tunnelEndpoint: read.url('ODPS_TUNNEL_ENDPOINT'),
    logviewHours: read.integer('ODPS_LOGVIEW_HOURS', 720, { min: 1, max: 24 * 365 }),
    credentials: hideSecret({
      accessId: read.required('ALIBABA_CLOUD_ACCESS_KEY_ID', 'the AccessKey id'),
      secret: read.required('ALIBABA_CLOUD_ACCESS_KEY_SECRET', 'the AccessKey secret'),
      securityToken: read.optional('ALIBABA_CLOUD_SECURITY_TOKEN'),
    }),
  };
  return Object.freeze(config);
}

/** Freezes the credentials and makes the secret and token non-enumerable, so logging the config is safe. */
function hideSecret<T extends { secret: string; securityToken: string | undefined }>(credentials: T): Readonly<T> {
  Object.defineProperty(credentials, 'secret', { enumerable: false });
  Object.defineProperty(credentials, 'securityToken', { enumerable: false });
  return Object.freeze(credentials);
}
