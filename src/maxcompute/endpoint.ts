/**
 * What can be read off a MaxCompute endpoint URL. PyODPS takes the region from the host
 * (`service.<region>.maxcompute.aliyun.com`, with `-vpc`/`-internal` suffixes dropped) and signs v4
 * when it finds one (docs/maxcompute-protocol.md, "Endpoint and resource paths").
 */
const REGION_IN_HOST = /service\.([^.]+)\.([a-z]{4,10})\.[a-z]{6}(|-inc)\.com/;

export function regionFromEndpoint(endpoint: string): string | undefined {
  let host: string;
  try {
    host = new URL(endpoint).hostname;
  } catch {
    return undefined;
  }
  const match = REGION_IN_HOST.exec(host);
  if (!match?.[1]) return undefined;
  return match[1].replace(/-(internal|vpc)$/, '');
}

/** IP literals and localhost: PyODPS does not look up a job-insights host for these by default. */
export function isLocalOrIpEndpoint(endpoint: string): boolean {
  const host = new URL(endpoint).hostname;
  return host === 'localhost' || /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.startsWith('[');
}
