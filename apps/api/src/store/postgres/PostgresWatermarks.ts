import { eq } from 'drizzle-orm';
import type { Watermarks } from '../ports';
import type { Db } from './db';
import { watermarks } from './schema';

export class PostgresWatermarks implements Watermarks {
  constructor(private readonly db: Db) {}

  async get(name: string): Promise<Date | null> {
    const [row] = await this.db.select({ at: watermarks.at }).from(watermarks).where(eq(watermarks.name, name));
    return row?.at ?? null;
  }

  async set(name: string, at: Date): Promise<void> {
    await this.db.insert(watermarks).values({ name, at }).onConflictDoUpdate({ target: watermarks.name, set: { at } });
  }
}
