import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import { openApiDocument } from '@credits/api';

/**
 * `npm run generate -w @credits/client`: the client's types from the API's OpenAPI document (the
 * production routes: no test or development endpoints). `--check` writes nothing and fails when the
 * committed types are out of date (a test runs it).
 */
const SCHEMA_FILE = path.resolve(__dirname, '../packages/client/src/schema.ts');

async function clientSchema(): Promise<string> {
  const document = openApiDocument({ enableTestEndpoints: false, enableDevSignIn: false });
  const ast = await openapiTS(JSON.parse(JSON.stringify(document)) as Parameters<typeof openapiTS>[0]);
  return `/** Generated from the API's OpenAPI document by scripts/generateClient.ts: do not edit. */\n\n${astToString(ast)}`;
}

clientSchema()
  .then((schema) => {
    if (!process.argv.includes('--check')) return writeFileSync(SCHEMA_FILE, schema);
    if (readFileSync(SCHEMA_FILE, 'utf8') === schema) return;
    console.error(`${path.relative(process.cwd(), SCHEMA_FILE)} is out of date: run npm run generate -w @credits/client`);
    process.exit(1);
  })
  .catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
