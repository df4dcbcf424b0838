import { InvalidCursorError } from './ports';

/** Keyset cursor over (createdAt desc, id desc), opaque to clients. */
export interface CursorPosition {
  createdAt: Date;
  id: string;
}

export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.createdAt.getTime(), position.id])).toString('base64url');
}

/** Cursors carry times this API wrote: from 1970 to the year 9999, which every database can compare. */
const LATEST = Date.UTC(9999, 11, 31);

/** The position a cursor names; `isId` says what an id of that list looks like (anything else is refused, not queried). */
export function decodeCursor(cursor: string, isId: (id: string) => boolean): CursorPosition {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && Number.isSafeInteger(value[0]) && typeof value[1] === 'string') {
      const [time, id] = value as [number, string];
      if (time >= 0 && time <= LATEST && isId(id)) return { createdAt: new Date(time), id };
    }
  } catch {
    // fall through to the error below
  }
  throw new InvalidCursorError('cursor is not one this API issued');
}

/** Ledger entries of PostgreSQL are numbered by a bigserial. */
export const isSerialId = (id: string) => /^[1-9]\d{0,15}$/.test(id) && Number.isSafeInteger(Number(id));

/** Given limit+1 rows, the page and the cursor for the next one. */
export function toPage<T extends CursorPosition>(rows: T[], limit: number): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}
