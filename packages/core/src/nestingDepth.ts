import { ValidationError } from './errors.js';

/**
 * Refuses text whose `[` / `{` nesting (outside quoted strings and `#` comments) goes deeper
 * than `max`, before a parser sees it. Parsers recurse per level: the yaml package turns a deep
 * document into a stack overflow, and after a few of those V8 can abort the whole process
 * (seen: "FATAL ERROR: RegExpCompiler Allocation failed") instead of throwing. Configuration
 * and problem files nest a handful of levels; the scan is linear and allocates nothing.
 */
export function checkNestingDepth(text: string, source: string, max = 256): void {
  let depth = 0;
  let quote = '';
  let comment = false;
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\n') {
      line++;
      comment = false;
      continue;
    }
    if (comment) continue;
    if (quote !== '') {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(text[i - 1]!))) comment = true;
    else if (c === '[' || c === '{') {
      if (++depth > max) {
        throw new ValidationError({ what: `${source} nests more than ${max} levels deep (line ${line})`, why: 'deeper nesting is refused before parsing, so that no parser can exhaust the stack', fix: 'Check the file: configuration and problem files nest a few levels' });
      }
    } else if ((c === ']' || c === '}') && depth > 0) depth--;
  }
}
