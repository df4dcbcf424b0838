import { randomUUID } from 'node:crypto';
import { DEFAULT_PACKAGES, findPackage, type CreditPackage } from '@credits/shared';
import type { NewOrder } from '../../src/domain/order';

/** One of the seed's packs, by id (the catalog the tests run with unless they name another). */
export function seedPack(id: string): CreditPackage {
  const pack = findPackage(DEFAULT_PACKAGES, id);
  if (!pack) throw new Error(`no seed pack ${id}`);
  return pack;
}

/** An order of a seed pack as the store takes it, for a test that writes one directly (a new id each time). */
export function newOrderOf(packageId: string, userId: string, createdAt: Date): NewOrder {
  const pack = seedPack(packageId);
  return { id: randomUUID(), userId, packageId, packNames: pack.names, credits: pack.totalCredits, amountCents: pack.priceCents, currency: pack.currency, createdAt };
}
