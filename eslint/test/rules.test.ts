import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

/** The lint gate fails on each rule this project adds: code is linted as if it were at `file`. */
const ROOT = path.resolve(__dirname, '../..');
const ESLINT = path.join(ROOT, 'node_modules/eslint/bin/eslint.js');

async function lint(file: string, code: string): Promise<string[]> {
  const run = promisify(execFile)(process.execPath, [ESLINT, '--format', 'json', '--stdin', '--stdin-filename', file], { cwd: ROOT });
  run.child.stdin!.end(code);
  // ESLint exits 1 when it reports something: the report is on stdout either way.
  const { stdout } = await run.catch((err: { stdout: string }) => err);
  return (JSON.parse(stdout) as Array<{ messages: Array<{ ruleId: string | null }> }>).flatMap((r) => r.messages.map((m) => m.ruleId ?? 'parse'));
}

describe('the lint gate', () => {
  it.each([
    ['process.env outside the configuration', 'apps/api/src/services/Probe.ts', 'export class Probe {\n  key = process.env.WHOP_API_KEY;\n}\n', 'no-restricted-properties'],
    ['a kebab-case file name', 'apps/api/src/services/some-helper.ts', 'export const x = 1;\n', 'local/file-names'],
    ['a camelCase file that only holds a class', 'apps/api/src/services/probe.ts', 'export class Probe {}\n', 'local/file-names'],
    ['a comment citing a file outside the repository', 'apps/api/src/services/probe.ts', '/** See whop-api.md for the rules. */\nexport const x = 1;\n', 'local/comment-citations'],
    ['a web feature importing another', 'apps/web/src/features/credits/probe.ts', "export { PaymentModal } from '../purchase/PaymentModal';\n", 'import-x/no-restricted-paths'],
  ])(
    'reports %s',
    async (_what, file, code, rule) => {
      expect(await lint(file, code)).toContain(rule);
    },
    30_000,
  );

  it('accepts code that follows the rules', async () => {
    expect(await lint('apps/api/src/domain/probe.ts', "import { figures } from './figures';\n\n/** Reads store/ports.ts. */\nexport const probe = figures;\n")).toEqual([]);
  }, 30_000);

  it('reports an import cycle', async () => {
    // history.ts is imported by figures.ts: a history.ts that imported figures.ts would close a cycle.
    const rules = await lint('apps/api/src/domain/history.ts', "import { figures } from './figures';\nexport const cycle = figures;\n");
    expect(rules).toContain('import-x/no-cycle');
  }, 30_000);
});
