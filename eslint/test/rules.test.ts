import path from 'node:path';
import { ESLint } from 'eslint';

/** The lint gate fails on each rule this project adds: code is linted, in this process, as if it were at `file`. */
const ROOT = path.resolve(__dirname, '../..');
const eslint = new ESLint({ cwd: ROOT });

async function lint(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  return result!.messages.map((m) => m.ruleId ?? `parse: ${m.message}`);
}

const API = 'apps/api/src';
const WEB = 'apps/web/src';

describe('the lint gate', () => {
  it.each([
    ['process.env outside the configuration', `${API}/services/Probe.ts`, 'export class Probe {\n  key = process.env.WHOP_API_KEY;\n}\n', 'no-restricted-properties'],
    ['a kebab-case file name', `${API}/services/some-helper.ts`, 'export const x = 1;\n', 'local/file-names'],
    ['a camelCase file that only holds a class', `${API}/services/probe.ts`, 'export class Probe {}\n', 'local/file-names'],
    ['a comment citing a file outside the repository', `${API}/services/probe.ts`, '/** See whop-api.md for the rules. */\nexport const x = 1;\n', 'local/comment-citations'],
    ['a web feature importing another', `${WEB}/features/account/probe.ts`, "export { default } from '../purchase/ResultPage';\n", 'import-x/no-restricted-paths'],
  ])('reports %s', async (_what, file, code, rule) => {
    expect(await lint(file, code)).toContain(rule);
  });

  // Each layer's boundary, crossed once.
  it.each([
    ['domain/ importing the PostgreSQL adapter', `${API}/domain/probe.ts`, "export { openPgliteStore } from '../store/postgres/open';\n", 'import-x/no-restricted-paths'],
    ['domain/ importing a service', `${API}/domain/probe.ts`, "export { CreditService } from '../services/CreditService';\n", 'import-x/no-restricted-paths'],
    ['domain/ importing express', `${API}/domain/probe.ts`, "export { Router } from 'express';\n", 'no-restricted-imports'],
    ['domain/ importing a Node built-in', `${API}/domain/probe.ts`, "export { randomUUID } from 'node:crypto';\n", 'no-restricted-imports'],
    ['store/postgres importing a service', `${API}/store/postgres/probe.ts`, "export { CreditService } from '../../services/CreditService';\n", 'import-x/no-restricted-paths'],
    ['store/ importing a route', `${API}/store/probe.ts`, "export { adminRoutes } from '../routes/admin';\n", 'import-x/no-restricted-paths'],
    ['store/mongo importing http/', `${API}/store/mongo/probe.ts`, "export { sendProblem } from '../../http/problem';\n", 'import-x/no-restricted-paths'],
    ['routes/ importing an adapter', `${API}/routes/probe.ts`, "export { openPgliteStore } from '../store/postgres/open';\n", 'import-x/no-restricted-paths'],
    ['routes/ importing a model', `${API}/routes/probe.ts`, "export { paymentModel } from '../models/Payment';\n", 'import-x/no-restricted-paths'],
    ['routes/ importing mongoose', `${API}/routes/probe.ts`, "export { Schema } from 'mongoose';\n", 'no-restricted-imports'],
    ['services/ importing express', `${API}/services/probe.ts`, "export { Router } from 'express';\n", 'no-restricted-imports'],
    ['services/ importing http/', `${API}/services/probe.ts`, "export { sendProblem } from '../http/problem';\n", 'import-x/no-restricted-paths'],
    ['production code importing the simulator', `${API}/compose.probe.ts`, "export { startSimulator } from '@credits/whop-sim';\n", 'no-restricted-imports'],
    ['the bench reaching into the API’s source', 'bench/probe.ts', "export { signToken } from '../apps/api/src/auth/jwt';\n", 'no-restricted-imports'],
    ['a script reaching into the tests’ support', 'scripts/probe.ts', "export { freePort } from '../apps/api/test/support/serverProcess';\n", 'no-restricted-imports'],
    ['packages/shared importing node:fs', 'packages/shared/src/probe.ts', "export { readFileSync } from 'node:fs';\n", 'import-x/no-nodejs-modules'],
    ['@credits/react importing node:fs', 'packages/react/src/probe.ts', "export { readFileSync } from 'node:fs';\n", 'import-x/no-nodejs-modules'],
    ['the example host reaching into the API’s source', 'examples/host/src/probe.ts', "export { signToken } from '../../../apps/api/src/auth/jwt';\n", 'no-restricted-imports'],
    ['web lib/ importing a feature', `${WEB}/lib/probe.ts`, "export { default } from '../features/purchase/ResultPage';\n", 'import-x/no-restricted-paths'],
    ['web components/ importing a feature', `${WEB}/components/probe.ts`, "export { default } from '../features/purchase/ResultPage';\n", 'import-x/no-restricted-paths'],
    ['web i18n/ importing a feature', `${WEB}/i18n/probe.ts`, "export { ADMIN_MESSAGES } from '../features/admin/messages';\n", 'import-x/no-restricted-paths'],
    ['a web feature importing the app shell', `${WEB}/features/account/probe.ts`, "export { Layout } from '../../app/Layout';\n", 'import-x/no-restricted-paths'],
  ])('refuses %s', async (_what, file, code, rule) => {
    expect(await lint(file, code)).toEqual([rule]);
  });

  it.each([
    [
      'domain/ importing itself and @credits/shared',
      `${API}/domain/probe.ts`,
      "import { getPackage } from '@credits/shared';\nimport { figures } from './figures';\n\nexport const probe = [figures, getPackage];\n",
    ],
    [
      'a service importing the store ports and the domain',
      `${API}/services/probe.ts`,
      "export type { Store } from '../store/ports';\nexport { decide } from '../domain/policy';\n",
    ],
    ['a script importing the API by its package name', 'scripts/probe.ts', "export { signToken } from '@credits/api';\n"],
    ['the development entry starting the simulator', `${API}/dev.ts`, "export { startSimulator } from '@credits/whop-sim';\n"],
    ['a web feature importing lib/', `${WEB}/features/account/probe.ts`, "export { usePageTitle } from '../../lib/usePageTitle';\n"],
  ])('accepts %s', async (_what, file, code) => {
    expect(await lint(file, code)).toEqual([]);
  });

  it('reports an import cycle', async () => {
    // history.ts is imported by figures.ts: a history.ts that imported figures.ts would close a cycle.
    const rules = await lint(`${API}/domain/history.ts`, "import { figures } from './figures';\nexport const cycle = figures;\n");
    expect(rules).toContain('import-x/no-cycle');
  });
});
