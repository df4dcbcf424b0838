import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { startHost } from './server';

/** `npm start -w @credits/example-host`: InkGenius on http://127.0.0.1:4000, its data under .data/example-host. */
async function main(): Promise<void> {
  const dataDir = path.resolve(__dirname, '../../../.data/example-host');
  mkdirSync(dataDir, { recursive: true });
  const host = await startHost({ data: { dir: dataDir }, port: Number(process.env.PORT ?? 4000) });
  console.log(`InkGenius (example host)  ${host.url}\n  Whop simulator            ${host.simUrl}`);
  const stop = () => void host.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
