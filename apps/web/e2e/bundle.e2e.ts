import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildWeb } from './stack';

/** The JavaScript a first visit downloads before anything renders: index.html's module script and its preloads. */
export function initialJavaScript(dist: string): { files: string[]; gzipBytes: number } {
  const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
  const files = [...html.matchAll(/<(?:script[^>]+src|link[^>]+rel="modulepreload"[^>]+href)="([^"]+\.js)"/g)].map((m) => m[1]!);
  const gzipBytes = files.reduce((sum, f) => sum + gzipSync(readFileSync(path.join(dist, f))).length, 0);
  return { files, gzipBytes };
}

describe('production build', () => {
  const dist = mkdtempSync(path.join(tmpdir(), 'credits-web-'));
  afterAll(() => rmSync(dist, { recursive: true, force: true }));

  it('keeps the initial JavaScript within 100 KB gzipped', () => {
    buildWeb(dist);
    const { files, gzipBytes } = initialJavaScript(dist);
    console.log(`initial JavaScript: ${(gzipBytes / 1024).toFixed(1)} KB gzipped in ${files.length} files`);
    expect(files.length).toBeGreaterThan(0);
    expect(gzipBytes).toBeLessThanOrEqual(100 * 1024);
  });
});
