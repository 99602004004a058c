import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The AWS Parameters and Secrets Lambda Extension's HTTP interface on 127.0.0.1:0, serving SSM
 * parameters by name to requests that carry the session token, as the layer does inside Lambda
 * (PARAMETERS_SECRETS_EXTENSION_HTTP_PORT tells src/runtime/secrets.ts where it is).
 */
export async function startSecretsExtensionStandin(options: {
  readonly sessionToken: string;
  readonly parameters: Readonly<Record<string, string>>;
}) {
  const requested: string[] = [];
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const name = url.searchParams.get('name') ?? '';
    requested.push(name);
    if (request.headers['x-aws-parameters-secrets-token'] !== options.sessionToken) {
      response.writeHead(401).end();
      return;
    }
    const value = options.parameters[name];
    if (url.pathname !== '/systemsmanager/parameters/get' || value === undefined) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ Parameter: { Name: name, Type: 'SecureString', Value: value } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    /** Parameter names asked for, in order. */
    requested,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
