/** `POST /projects/{p}/authorization?sign_bearer_token`: the Logview token. */
import { parseXml, requiredText } from './xml.ts';

export function decodeAuthorizationToken(body: string): string {
  const what = 'authorization token';
  return requiredText(what, parseXml(what, body, 'Authorization'), 'Result');
}
