import { z } from 'zod';

export const PACKAGE_IDS = ['basic', 'standard', 'premium'] as const;
export const packageIdSchema = z.enum(PACKAGE_IDS);
export type PackageId = z.infer<typeof packageIdSchema>;

export const creditPackageSchema = z.object({
  id: packageIdSchema,
  credits: z.number().int().positive(),
  bonusCredits: z.number().int().nonnegative(),
  totalCredits: z.number().int().positive(),
  priceCents: z.number().int().positive(),
  currency: z.literal('usd'),
});
export type CreditPackage = z.infer<typeof creditPackageSchema>;

function pack(id: PackageId, credits: number, bonusCredits: number, priceCents: number): CreditPackage {
  return Object.freeze({ id, credits, bonusCredits, totalCredits: credits + bonusCredits, priceCents, currency: 'usd' });
}

/** The catalog: the single source of truth for what a pack costs and what it grants. */
export const CREDIT_PACKAGES: readonly CreditPackage[] = Object.freeze([pack('basic', 100, 0, 100), pack('standard', 1_000, 0, 1_000), pack('premium', 10_000, 5_000, 10_000)]);

export function findPackage(id: string): CreditPackage | undefined {
  return CREDIT_PACKAGES.find((p) => p.id === id);
}

export function getPackage(id: PackageId): CreditPackage {
  const found = findPackage(id);
  if (!found) throw new Error(`unknown package ${id}`);
  return found;
}
