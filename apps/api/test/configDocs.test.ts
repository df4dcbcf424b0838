import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROBLEM_CODES, PROBLEMS } from '@credits/shared';
import { CONFIG_VARIABLES } from '../src/config/env';

const ROOT = path.resolve(__dirname, '../../..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

/** Variables read by something other than the API: the web app's build (apps/web/src/lib/env.ts), the simulator's own entry point, the tests. */
const OUTSIDE_THE_API = ['VITE_API_URL', 'VITE_BRAND_NAME', 'VITE_BRAND_COLOR', 'WHOP_SIM_WEBHOOK_URL', 'WHOP_SIM_RETRY_SCHEDULE', 'TEST_DATABASE_URL', 'TEST_MONGODB_URI'];

describe('configuration documents', () => {
  const documented = [...CONFIG_VARIABLES, ...OUTSIDE_THE_API].sort();

  it('.env.example lists every variable, each with a comment, and nothing else', () => {
    const lines = read('.env.example').split('\n');
    const names = lines.map((l) => /^([A-Z][A-Z0-9_]*)=/.exec(l)?.[1]).filter((n): n is string => Boolean(n));
    expect([...names].sort()).toEqual(documented);
    for (const name of names) {
      const at = lines.findIndex((l) => l.startsWith(`${name}=`));
      expect({ name, comment: lines[at - 1]?.startsWith('#') }).toEqual({ name, comment: true });
    }
  });

  it('the README’s configuration table matches', () => {
    const readme = read('README.md');
    const section = readme.slice(readme.indexOf('## Configuration'), readme.indexOf('\n## ', readme.indexOf('## Configuration') + 5));
    const names = [...section.matchAll(/^\| `([A-Z][A-Z0-9_]*)` \|/gm)].map((m) => m[1]!);
    expect([...names].sort()).toEqual(documented);
  });

  it('docs/api.md’s error table names every problem code once, with its status', () => {
    const api = read('docs/api.md');
    const table = api.slice(api.indexOf('## Errors'), api.indexOf('## Routes'));
    const rows = [...table.matchAll(/^\| (\d{3}|4xx) \| (.+?) \|/gm)].flatMap((m) => [...m[2]!.matchAll(/`([a-z_]+)`/g)].map((c) => [c[1]!, m[1]!] as const));
    expect(rows.map(([code]) => code).sort()).toEqual([...PROBLEM_CODES].sort());
    for (const [code, status] of rows)
      expect({ code, status }).toEqual({ code, status: code === 'request_refused' ? '4xx' : String(PROBLEMS[code as keyof typeof PROBLEMS].status) });
  });
});
