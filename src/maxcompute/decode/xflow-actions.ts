/**
 * `?xresult`: the XFlow's actions in document order. `Result` is read as optional text, as the
 * Java SDK does; when PyODPS-style nested elements come instead, it has no text and is left undefined.
 * See docs/maxcompute-protocol.md, "XFlow actions (?xresult) and sub-instances".
 */
import type { XflowAction } from '../types.ts';
import { readResult } from './result-text.ts';
import { attribute, child, children, optionalText, parseXml, requiredText, type XmlValue } from './xml.ts';

const WHAT = 'xresult';

export function decodeXflowActions(body: string): XflowAction[] {
  const xinstance = parseXml(WHAT, body, 'Xinstance');
  return children(child(xinstance, 'Actions'), 'Action').map(decodeAction);
}

function decodeAction(action: XmlValue): XflowAction {
  // Empty for `Local` steps.
  const instanceId = optionalText(action, 'InstanceId');
  const result = readResult(WHAT, child(action, 'Result')).text;
  return {
    name: requiredText(WHAT, action, 'Name'),
    nodeType: attribute(action, 'NodeType') ?? '',
    ...(instanceId !== undefined && { instanceId }),
    ...(result !== '' && { result }),
  };
}
