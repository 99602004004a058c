/**
 * Leading `set k=v;` statements become settings, as PyODPS does by default
 * (`options.sql.parse_set_as_hints`); the statements also stay in the query text.
 */
const LEADING_COMMENT = /^\s*(?:--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)/;
const SET_STATEMENT = /^\s*set\s+([^\s=;]+)\s*=\s*([^;]*?)\s*;/i;

export function settingsFromSetStatements(sql: string): Record<string, string> {
  const settings: Record<string, string> = {};
  let rest = sql;
  for (;;) {
    const comment = LEADING_COMMENT.exec(rest);
    if (comment) {
      rest = rest.slice(comment[0].length);
      continue;
    }
    const statement = SET_STATEMENT.exec(rest);
    if (!statement) return settings;
    settings[statement[1] ?? ''] = statement[2] ?? '';
    rest = rest.slice(statement[0].length);
  }
}

/** Hints as callers give them (booleans and numbers allowed) become the strings the wire carries. */
export function settingsFromHints(hints: Readonly<Record<string, string | number | boolean>>): Record<string, string> {
  const settings: Record<string, string> = {};
  for (const [key, value] of Object.entries(hints)) settings[key] = String(value);
  return settings;
}
