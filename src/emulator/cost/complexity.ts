import type { SqlWord } from './sql-words.ts';

/**
 * MaxCompute's SQL complexity, as its pay-as-you-go billing documents it: count the keywords
 *
 *   JOIN + GROUP BY + ORDER BY + DISTINCT + window functions + max(INSERT + UPDATE + DELETE, 1)
 *
 * and band the count: up to 3 is 1, 4 to 6 is 1.5, 7 to 19 is 2, 20 or more is 4. So a plain
 * SELECT counts 1 (the max term) and is 1.0; a join, a GROUP BY and an ORDER BY count 4 and are 1.5.
 * The emulator counts words over the whole script (one job, one bill):
 *   - each JOIN word (LEFT JOIN, LEFT SEMI JOIN, … are one JOIN each; a MAPJOIN hint is a comment);
 *   - GROUP BY and ORDER BY as word pairs, except an ORDER BY inside a window's OVER (…), which is
 *     part of that window function, already counted once;
 *   - each DISTINCT word (SELECT DISTINCT and count(DISTINCT x) alike);
 *   - each OVER word, one per window function;
 *   - each INSERT, UPDATE and DELETE word (a multi-insert counts each INSERT).
 */
export function sqlComplexity(words: readonly SqlWord[]): number {
  const count = keywordCount(words);
  if (count <= 3) return 1;
  if (count <= 6) return 1.5;
  if (count <= 19) return 2;
  return 4;
}

export function keywordCount(words: readonly SqlWord[]): number {
  const inWindow = windowSpans(words);
  let keywords = 0;
  let writes = 0;
  for (const [i, word] of words.entries()) {
    const next = words[i + 1]?.text;
    if (word.text === 'join' || word.text === 'distinct' || word.text === 'over') keywords += 1;
    else if (word.text === 'group' && next === 'by') keywords += 1;
    else if (word.text === 'order' && next === 'by' && !inWindow[i]) keywords += 1;
    else if (word.text === 'insert' || word.text === 'update' || word.text === 'delete') writes += 1;
  }
  return keywords + Math.max(writes, 1);
}

/** For each word, whether it lies inside the parentheses of an `OVER (…)`. */
function windowSpans(words: readonly SqlWord[]): boolean[] {
  const inside = words.map(() => false);
  for (const [i, word] of words.entries()) {
    if (word.text !== 'over' || words[i + 1]?.text !== '(') continue;
    let depth = 0;
    for (let j = i + 1; j < words.length; j++) {
      const text = words[j]?.text;
      if (text === '(') depth += 1;
      else if (text === ')') depth -= 1;
      inside[j] = true;
      if (depth === 0) break;
    }
  }
  return inside;
}
