import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The code blocks of docs/integration.md marked with a file (`<!-- path -->` before the block) are
 * that file's code: the example host's, which its browser test runs, and the tests'.
 */
describe('docs/integration.md’s examples', () => {
  const root = path.resolve(__dirname, '../../..');
  const doc = readFileSync(path.join(root, 'docs/integration.md'), 'utf8');
  const blocks = [...doc.matchAll(/<!-- ([\w/.-]+) -->\n```\w+\n([\s\S]*?)\n```/g)].map((m) => ({ file: m[1]!, code: m[2]! }));

  it('marks the examples of mounting, the client, the React components, events and holds', () => {
    expect(blocks.map((b) => b.file)).toEqual([
      'apps/api/test/mounted.http.test.ts',
      'apps/api/test/mounted.http.test.ts',
      'apps/api/test/client.http.test.ts',
      'examples/host/src/web/main.tsx',
      'examples/host/src/web/main.tsx',
      'examples/host/src/events.ts',
      'examples/host/src/generate.ts',
    ]);
  });

  it.each([0, 1, 2, 3, 4, 5, 6])('block %i: its lines are its file’s, in order (indentation aside; an import names what the file imports)', (i) => {
    const { file, code } = blocks[i]!;
    const source = readFileSync(path.join(root, file), 'utf8')
      .split('\n')
      .map((l) => l.trim());
    const lines = code
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    let after = -1;
    for (const line of lines) {
      if (line.startsWith('import ')) {
        // The file may import the same names from its own path (a test imports the package's sources).
        const names = namesOf(line);
        expect({ line, imported: source.some((l) => l.startsWith('import ') && names.every((n) => namesOf(l).includes(n))) }).toEqual({ line, imported: true });
        continue;
      }
      const at = source.indexOf(line, after + 1);
      expect({ line, found: at > after }).toEqual({ line, found: true });
      after = at;
    }
  });
});

/** The names an import line brings in. */
function namesOf(line: string): string[] {
  return (/\{([^}]*)\}/.exec(line)?.[1] ?? '')
    .split(',')
    .map((n) => n.trim().replace(/^type /, ''))
    .filter(Boolean);
}
