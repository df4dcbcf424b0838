import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The code blocks of docs/integration.md marked with a file of the example host are that file's code, which its browser test runs. */
describe('docs/integration.md’s examples', () => {
  const root = path.resolve(__dirname, '../../..');
  const doc = readFileSync(path.join(root, 'docs/integration.md'), 'utf8');
  const blocks = [...doc.matchAll(/<!-- (examples\/[\w/.-]+) -->\n```\w+\n([\s\S]*?)\n```/g)].map((m) => ({ file: m[1]!, code: m[2]! }));

  it('marks the React components’, the events’ and the holds’ examples', () => {
    expect(blocks.map((b) => b.file)).toEqual(['examples/host/src/web/main.tsx', 'examples/host/src/web/main.tsx', 'examples/host/src/events.ts', 'examples/host/src/generate.ts']);
  });

  it.each([0, 1, 2, 3])('block %i is its file’s code, line for line (indentation aside)', (i) => {
    const { file, code } = blocks[i]!;
    const source = readFileSync(path.join(root, file), 'utf8')
      .split('\n')
      .map((l) => l.trim());
    const lines = code.split('\n').map((l) => l.trim());
    const at = source.indexOf(lines[0]!);
    expect(at).toBeGreaterThanOrEqual(0);
    expect(source.slice(at, at + lines.length)).toEqual(lines);
  });
});
