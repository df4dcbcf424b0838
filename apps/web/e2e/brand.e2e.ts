import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildWeb } from './stack';

/** The scripts the page loads first: its entry and the chunks it preloads. */
function initialScripts(dist: string, html: string): string {
  const files = [...html.matchAll(/<script type="module" crossorigin src="([^"]+)"|<link rel="modulepreload" crossorigin href="([^"]+)">/g)].map((m) => (m[1] ?? m[2])!);
  return files.map((file) => readFileSync(path.join(dist, file), 'utf8')).join('\n');
}

/** The host app's brand, set when the web app is built. */
describe('a branded build', () => {
  const dist = mkdtempSync(path.join(tmpdir(), 'credits-brand-'));
  afterAll(() => rmSync(dist, { recursive: true, force: true }));

  it('carries the name, colour and logo into the page', () => {
    buildWeb(dist, { VITE_BRAND_NAME: 'Acme & Co', VITE_BRAND_COLOR: '#0f766e', VITE_BRAND_LOGO_URL: 'https://cdn.example/acme.svg' });
    const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
    expect(html).toContain('<title>Acme &#38; Co</title>');
    expect(html).toContain('<link rel="icon" href="https://cdn.example/acme.svg" />');
    const bundle = initialScripts(dist, html);
    expect(bundle).toContain('Acme & Co');
    expect(bundle).toContain('#0f766e');
  });

  it('is a production build whatever NODE_ENV says (NODE_ENV=development npm start)', () => {
    buildWeb(dist, { NODE_ENV: 'development' });
    const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
    const bundle = initialScripts(dist, html);
    // React's production bundle (its errors minified), and JSX compiled without development checks or source paths.
    expect(bundle).toContain('Minified React error');
    expect(bundle).not.toMatch(/jsxDEV|apps\/web\/src|packages\/react\/src/);
  });

  it('refuses a malformed colour before building anything', () => {
    let message = '';
    try {
      buildWeb(dist, { VITE_BRAND_COLOR: 'teal' });
    } catch (err) {
      message = String((err as { stderr?: Buffer }).stderr ?? err);
    }
    expect(message).toMatch(/VITE_BRAND_COLOR must be a colour like #4f46e5, not "teal"/);
  });
});
