import { readFileSync } from 'node:fs';
import { catalogFileSchema, packagesOf, type CreditPackage } from '@credits/shared';
import { findNodeAtLocation, getNodeValue, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';

/** A catalog file that cannot be sold from: where (file and line) and why. */
export class CatalogError extends Error {
  override name = 'CatalogError';
}

/** 1-based line of an offset in text. */
function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** The deepest node a path reaches (a missing key is reported where its object is). */
function nodeAt(root: Node, path: ReadonlyArray<PropertyKey>): Node {
  for (let n = path.length; n >= 0; n--) {
    const found = findNodeAtLocation(
      root,
      path.slice(0, n).map((k) => (typeof k === 'number' ? k : String(k))),
    );
    if (found) return found.parent?.type === 'property' ? found.parent : found;
  }
  return root;
}

/**
 * The packs of a catalog written as JSON: strict JSON (no comments, no trailing commas), checked
 * against the catalog's schema; every mistake is named with its line.
 */
export function parseCatalog(text: string, source: string): readonly CreditPackage[] {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  if (errors.length > 0 || !root) {
    const first = errors[0];
    const where = first ? `${source}:${lineAt(text, first.offset)}` : source;
    throw new CatalogError(`${where}: not JSON (${first ? printParseErrorCode(first.error) : 'empty'})`);
  }
  const parsed = catalogFileSchema.safeParse(getNodeValue(root));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const path = issue.path.length > 0 ? ` (${issue.path.join('.')})` : '';
      return `${source}:${lineAt(text, nodeAt(root, issue.path).offset)}${path}: ${issue.message}`;
    });
    throw new CatalogError(lines.join('\n'));
  }
  return packagesOf(parsed.data);
}

/** The catalog CREDITS_CATALOG names. */
export function readCatalog(file: string): readonly CreditPackage[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new CatalogError(`${file}: cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  return parseCatalog(text, file);
}
