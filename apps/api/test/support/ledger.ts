import type { Store } from '../../src/store/ports';

/** The ledger invariant: the cached balance equals the sum of the user's entries. */
export async function ledgerSum(store: Store, userId: string): Promise<number> {
  let sum = 0;
  let cursor: string | undefined;
  do {
    const page = await store.ledger.page(userId, { limit: 100, cursor });
    for (const entry of page.items) sum += entry.credits;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return sum;
}

export async function expectBalanceMatchesLedger(store: Store, userIds: Iterable<string>): Promise<void> {
  for (const userId of userIds) {
    expect({ userId, balance: await store.ledger.balance(userId) }).toEqual({ userId, balance: await ledgerSum(store, userId) });
  }
}
