import type { Request } from 'express';
import { invalid } from '../errors';

/**
 * List endpoints: every query parameter is either applied or refused with a 400, never silently
 * ignored. Arrays come as `name[]=a&name[]=b` or repeated `name=`; cursors are Whop-style opaque strings.
 */
export type QueryValue = string | string[];

export function queryOf(req: Request, allowed: readonly string[]): Map<string, QueryValue> {
  const params = new Map<string, QueryValue>();
  for (const [raw, value] of Object.entries(req.query)) {
    const name = raw.endsWith('[]') ? raw.slice(0, -2) : raw;
    if (!allowed.includes(name)) throw invalid(`The parameter ${name} is not supported by this endpoint in the simulator.`, name);
    if (typeof value === 'string') params.set(name, raw.endsWith('[]') ? [value] : value);
    else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) params.set(name, value as string[]);
    else throw invalid(`The parameter ${name} is malformed.`, name);
  }
  return params;
}

export function list(params: Map<string, QueryValue>, name: string): string[] | null {
  const value = params.get(name);
  return value === undefined ? null : Array.isArray(value) ? value : [value];
}

export function single(params: Map<string, QueryValue>, name: string): string | null {
  const value = params.get(name);
  if (Array.isArray(value)) throw invalid(`The parameter ${name} takes one value.`, name);
  return value ?? null;
}

export function time(params: Map<string, QueryValue>, name: string): number | null {
  const value = single(params, name);
  if (value === null) return null;
  const ms = /^\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value);
  if (Number.isNaN(ms)) throw invalid(`The parameter ${name} must be an ISO 8601 time.`, name);
  return ms;
}

/** Items newest first (or oldest first with direction=asc), cut into a page after the cursor. */
export function page<T extends { id: string; createdAt: Date }>(items: T[], params: Map<string, QueryValue>) {
  const direction = single(params, 'direction') ?? 'desc';
  if (direction !== 'asc' && direction !== 'desc') throw invalid('direction must be asc or desc.', 'direction');
  const first = Number(single(params, 'first') ?? 10);
  if (!Number.isInteger(first) || first < 1 || first > 100) throw invalid('first must be between 1 and 100.', 'first');
  const sign = direction === 'asc' ? 1 : -1;
  const sorted = [...items].sort((a, b) => sign * (a.createdAt.getTime() - b.createdAt.getTime()) || sign * (a.id < b.id ? -1 : 1));
  let start = 0;
  const after = single(params, 'after');
  if (after) {
    const position = sorted.findIndex((p) => p.id === Buffer.from(after, 'base64url').toString('utf8'));
    if (position < 0) throw invalid('Invalid cursor.', 'after');
    start = position + 1;
  }
  const items_ = sorted.slice(start, start + first);
  const last = items_[items_.length - 1];
  const hasNext = start + first < sorted.length;
  return {
    items: items_,
    pageInfo: {
      end_cursor: hasNext && last ? Buffer.from(last.id).toString('base64url') : null,
      start_cursor: items_[0] ? Buffer.from(items_[0].id).toString('base64url') : null,
      has_next_page: hasNext,
      has_previous_page: start > 0,
    },
  };
}
