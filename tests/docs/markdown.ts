// Reading the parts of a Markdown document that tests tie to the code: sections, tables, fenced
// blocks, and blocks between `<!-- NAME:start … -->` and `<!-- NAME:end -->` markers.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const REPO_ROOT = join(import.meta.dirname, '..', '..');

export const readDoc = (path: string): string => readFileSync(join(REPO_ROOT, path), 'utf8');

/** The text from `heading` (e.g. `## Deploy`) to the next heading of the same level or above. */
export const sectionOf = (document: string, heading: string): string => {
  const start = document.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`no section "${heading}"`);
  const level = heading.split(' ')[0]?.length ?? 2;
  const next = new RegExp(`\\n#{1,${level}} `, 'g');
  next.lastIndex = start + 1;
  const end = next.exec(document)?.index;
  return document.slice(start, end);
};

/** The rows of the Markdown tables in `text` whose first cell is a code span: first cell → cells. */
export const tableRows = (text: string): Map<string, string[]> =>
  new Map(
    text
      .split('\n')
      .filter((line) => /^\| `/.test(line))
      .map((line) => {
        const cells = line
          .slice(1, -1)
          .split(' | ')
          .map((cell) => cell.trim());
        return [/^`([^`]+)`/.exec(cells[0] ?? '')?.[1] ?? '', cells.slice(1)];
      }),
  );

/** The non-empty lines of the fenced block between the `name` markers. */
export const markedLines = (document: string, name: string): string[] => {
  const start = document.indexOf(`<!-- ${name}:start`);
  const end = document.indexOf(`<!-- ${name}:end -->`);
  if (start < 0 || end < start) throw new Error(`no ${name} markers`);
  return document
    .slice(start, end)
    .split('\n')
    .slice(1)
    .filter((line) => line.trim() !== '' && !line.trim().startsWith('```'));
};

/**
 * The exact text of the first fenced block in `text` whose info string is `info` (```text): every
 * line between its fences, each with its line end, so that it compares byte for byte.
 */
export const fencedBlock = (text: string, info: string): string => {
  const opening = new RegExp(`^\`\`\`${info}\n`, 'm').exec(text);
  if (!opening) throw new Error(`no \`\`\`${info} block`);
  const from = opening.index + opening[0].length;
  const closing = /^```$/m.exec(text.slice(from));
  if (!closing) throw new Error(`the \`\`\`${info} block is not closed`);
  return text.slice(from, from + closing.index);
};
