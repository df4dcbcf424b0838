import { and, eq, sql, type SQLWrapper } from 'drizzle-orm';
import type { UnitOfWork } from '../ports';
import { preparedStatement, type Db } from './db';
import { idempotencyRecords } from './schema';

const record = (scope: string | SQLWrapper, key: string | SQLWrapper) => and(eq(idempotencyRecords.scope, scope), eq(idempotencyRecords.key, key));

/** Every keyed write claims its key first. */
const claimStatement = preparedStatement((db) =>
  db
    .insert(idempotencyRecords)
    .values({ scope: sql.placeholder('scope'), key: sql.placeholder('key'), requestHash: sql.placeholder('requestHash'), result: {}, createdAt: sql.placeholder('createdAt') })
    .onConflictDoNothing()
    .returning({ key: idempotencyRecords.key })
    .prepare('idempotency_claim'),
);
const previousStatement = preparedStatement((db) =>
  db
    .select()
    .from(idempotencyRecords)
    .where(record(sql.placeholder('scope'), sql.placeholder('key')))
    .prepare('idempotency_previous'),
);

/** Stored results of requests made with an Idempotency-Key, inside one transaction. */
export function idempotencyInTransaction(tx: Db): UnitOfWork['idempotency'] {
  return {
    async claim(scope, key, requestHash) {
      // A concurrent request with the same key waits on this insert, then finds the first one's result.
      const claimed = await claimStatement(tx).execute({ scope, key, requestHash, createdAt: new Date() });
      if (claimed.length > 0) return { claimed: true };
      const [previous] = await previousStatement(tx).execute({ scope, key });
      if (!previous) throw new Error(`idempotency record ${scope}/${key} vanished`);
      return { claimed: false, requestHash: previous.requestHash, result: previous.result };
    },
    async complete(scope, key, result) {
      await tx.update(idempotencyRecords).set({ result }).where(record(scope, key));
    },
    async release(scope, key) {
      await tx.delete(idempotencyRecords).where(record(scope, key));
    },
  };
}
