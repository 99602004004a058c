import { functionResource, type Privilege, projectResource, tableResource } from './denials.ts';

/**
 * The privilege a statement needs to change data or the catalog, by its leading words, as
 * MaxCompute names them: creating a table or view needs `odps:CreateTable` on the project, a
 * function `odps:CreateFunction`; writing rows (INSERT, DELETE, UPDATE, MERGE, TRUNCATE) needs
 * `odps:Update` on the table, DROP `odps:Drop`, ALTER `odps:Alter`. Undefined for a statement
 * that only reads.
 */
const NAME = '((?:`[^`]+`|"[^"]+"|[\\w$]+)(?:\\.(?:`[^`]+`|"[^"]+"|[\\w$]+))*)';
const CREATE_TABLE = /^create\s+(?:or\s+replace\s+)?(?:temp(?:orary)?\s+)?(?:external\s+)?(?:table|view)\b/i;
const CREATE_FUNCTION = /^create\s+(?:or\s+replace\s+)?(?:temp(?:orary)?\s+)?(?:function|macro)\b/i;
const UPDATE_ROWS = new RegExp(
  `^(?:insert\\s+(?:into|overwrite)(?:\\s+table)?|delete\\s+from|update|merge\\s+into|truncate(?:\\s+table)?)\\s+${NAME}`,
  'i',
);
const DROP_FUNCTION = new RegExp(
  `^drop\\s+(?:temp(?:orary)?\\s+)?(?:function|macro)\\s+(?:if\\s+exists\\s+)?${NAME}`,
  'i',
);
const DROP = new RegExp(`^drop\\s+(?:table|view)\\s+(?:if\\s+exists\\s+)?${NAME}`, 'i');
const ALTER = new RegExp(`^alter\\s+(?:table|view)\\s+${NAME}`, 'i');
const OTHER_CHANGE = /^(?:create|drop|alter|insert|delete|update|merge|truncate)\b/i;

export function writePrivilege(statement: string, project: string): Privilege | undefined {
  const text = statement.trim();
  const onTable = (action: string, written: string | undefined) => {
    const [table, owner] = qualified(written ?? '', project);
    return { action, resource: tableResource(owner, table) };
  };
  if (CREATE_TABLE.test(text)) return { action: 'odps:CreateTable', resource: projectResource(project) };
  if (CREATE_FUNCTION.test(text)) return { action: 'odps:CreateFunction', resource: projectResource(project) };
  const updated = UPDATE_ROWS.exec(text);
  if (updated !== null) return onTable('odps:Update', updated[1]);
  const droppedFunction = DROP_FUNCTION.exec(text);
  if (droppedFunction !== null) {
    const [name, owner] = qualified(droppedFunction[1] ?? '', project);
    return { action: 'odps:Delete', resource: functionResource(owner, name) };
  }
  const dropped = DROP.exec(text);
  if (dropped !== null) return onTable('odps:Drop', dropped[1]);
  const altered = ALTER.exec(text);
  if (altered !== null) return onTable('odps:Alter', altered[1]);
  // Any other change of the catalog (a schema, a resource): the project's own privilege to write.
  if (OTHER_CHANGE.test(text)) return { action: 'odps:Write', resource: projectResource(project) };
  return undefined;
}

/** [name, project] of `t`, `p.t` or `p.schema.t`, quotes removed, in lower case as MaxCompute compares names. */
function qualified(written: string, project: string): [string, string] {
  const parts = written.split('.').map((part) => part.replace(/^[`"]|[`"]$/g, '').toLowerCase());
  const name = parts.at(-1) ?? '';
  return [name, parts.length > 1 ? (parts[0] ?? project) : project];
}
