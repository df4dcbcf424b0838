// `npm test`: the checks (types, lint, formatting) and the jest suites at once. The suites spend
// most of their time waiting on databases, browsers and child processes, so the checks run in
// that time instead of before it. Arguments go to jest; the exit status is 1 if either failed.
import { spawn } from 'node:child_process';

const run = (command, args, options = {}) =>
  new Promise((resolve) => {
    const child = spawn(command, args, { stdio: options.quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    let output = '';
    child.stdout?.on('data', (d) => (output += d));
    child.stderr?.on('data', (d) => (output += d));
    child.on('close', (code) => resolve({ ok: code === 0, output }));
  });

const checks = (async () => {
  for (const script of ['typecheck', 'lint', 'format:check']) {
    const result = await run('npm', ['run', '--silent', script], { quiet: true });
    if (!result.ok) return { ok: false, output: `npm run ${script} failed:\n${result.output}` };
  }
  return { ok: true, output: 'Types, lint and formatting: ok.' };
})();
const jest = run(process.execPath, ['--experimental-vm-modules', '--disable-warning=ExperimentalWarning', 'node_modules/jest/bin/jest.js', ...process.argv.slice(2)]);

const [checked, tested] = await Promise.all([checks, jest]);
console.log(checked.output.trimEnd());
process.exit(checked.ok && tested.ok ? 0 : 1);
