import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

/**
 * Comments cite only files that are in the repository. A citation is a path with a folder
 * (`store/ports.ts`) or a Markdown document (`guarantees.md`); it holds if some file of the
 * repository ends with it. URLs and route paths (`/api/...`) are not citations.
 */
const ROOT = path.resolve(import.meta.dirname, '..');
const SKIP = new Set(['node_modules', '.git', 'dist', '.data', 'coverage']);
let files;

function repositoryFiles() {
  if (files) return files;
  files = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (SKIP.has(entry.name) || entry.name.startsWith('dist-')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else files.push(path.relative(ROOT, full).split(path.sep).join('/'));
    }
  };
  walk(ROOT);
  return files;
}

const CITATION = /(?<![\w/.:-])((?:\.{1,2}\/)?(?:[\w.-]+\/)+[\w.-]+\.(?:md|ts|tsx|js|mjs|cjs|json|sql|yaml|yml|html|css)|[\w.-]+\.md)(?![\w/])/g;

function exists(citation, from) {
  const relative = path
    .relative(ROOT, path.resolve(path.dirname(from), citation))
    .split(path.sep)
    .join('/');
  if (citation.startsWith('.')) return existsSync(path.join(ROOT, relative));
  return repositoryFiles().some((f) => f === citation || f.endsWith(`/${citation}`));
}

export default {
  meta: {
    type: 'problem',
    docs: { description: 'comments cite only files in the repository' },
    schema: [],
    messages: { missing: 'This comment cites "{{citation}}", which is not a file of this repository.' },
  },
  create(context) {
    return {
      Program() {
        for (const comment of context.sourceCode.getAllComments()) {
          for (const match of comment.value.matchAll(CITATION)) {
            const before = comment.value.slice(Math.max(0, match.index - 8), match.index);
            if (/https?:\/\/\S*$|\/\/$/.test(before) || /[\w-]+\.\w+\/$/.test(before)) continue;
            if (!exists(match[1], context.filename)) context.report({ loc: comment.loc, messageId: 'missing', data: { citation: match[1] } });
          }
        }
      },
    };
  },
};
