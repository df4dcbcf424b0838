import { z } from 'zod';

/** A pack's id: what orders, metrics and Whop's metadata name it by (lowercase, digits, `-`, `_`). */
export const packageIdSchema = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, 'a pack id is 1–32 lowercase letters, digits, "-" or "_", starting with a letter or digit');
export type PackageId = z.infer<typeof packageIdSchema>;

/**
 * Currencies a pack may be priced in: Whop's checkout currencies whose amounts have hundredths
 * (prices are in cents). Held to Whop's `Currency` type by a test of the API.
 */
export const CATALOG_CURRENCIES = [
  'usd', 'eur', 'gbp', 'cad', 'aud', 'nzd', 'sgd', 'hkd', 'chf', 'sek', 'nok', 'dkk', 'pln', 'czk', 'huf', 'ron', 'bgn',
  'mxn', 'brl', 'cop', 'pen', 'uyu', 'ars', 'inr', 'myr', 'thb', 'php', 'twd', 'cny', 'aed', 'sar', 'qar', 'ils', 'try', 'zar',
] as const; // prettier-ignore
export const currencySchema = z.enum(CATALOG_CURRENCIES, { error: `a currency is one of ${CATALOG_CURRENCIES.join(', ')} (lowercase)` });

/** A pack's name in each language the buyer is spoken to in. */
export const packNamesSchema = z.strictObject({ en: z.string().trim().min(1).max(60), 'zh-CN': z.string().trim().min(1).max(60) });

export const creditPackageSchema = z
  .object({
    id: packageIdSchema,
    credits: z.number().int().positive(),
    bonusCredits: z.number().int().nonnegative(),
    totalCredits: z.number().int().positive(),
    priceCents: z.number().int().positive(),
    currency: z.string(),
    names: packNamesSchema,
  })
  .meta({ id: 'CreditPackage' });
export type CreditPackage = z.infer<typeof creditPackageSchema>;

const MAX_CREDITS = 100_000_000;

/**
 * A catalog file, as a host writes it: `{ "packs": [ { id, credits, bonusCredits?, priceCents,
 * currency, names: { en, "zh-CN" } } ] }`. One currency per catalog: the shop's figures add its
 * orders up.
 */
export const catalogFileSchema = z
  .strictObject({
    packs: z
      .array(
        z.strictObject({
          id: packageIdSchema,
          credits: z.number().int().positive().max(MAX_CREDITS),
          bonusCredits: z.number().int().nonnegative().max(MAX_CREDITS).default(0),
          priceCents: z.number().int().min(50, 'a price is at least 50 cents').max(10_000_000),
          currency: currencySchema,
          names: packNamesSchema,
        }),
      )
      .min(1, 'a catalog has at least one pack')
      .max(12, 'a catalog has at most 12 packs'),
  })
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.packs.forEach((p, i) => {
      if (seen.has(p.id)) ctx.addIssue({ code: 'custom', path: ['packs', i, 'id'], message: `the id "${p.id}" is used twice` });
      seen.add(p.id);
      if (p.currency !== file.packs[0]!.currency)
        ctx.addIssue({ code: 'custom', path: ['packs', i, 'currency'], message: `every pack is priced in one currency (the first is ${file.packs[0]!.currency})` });
    });
  });
export type CatalogFile = z.input<typeof catalogFileSchema>;

/** The packs of a valid catalog file, frozen, with their totals. */
export function packagesOf(file: z.output<typeof catalogFileSchema>): readonly CreditPackage[] {
  return Object.freeze(file.packs.map((p) => Object.freeze({ ...p, totalCredits: p.credits + p.bonusCredits, names: Object.freeze({ ...p.names }) })));
}

/** The seed's catalog: what a shop sells until it names its own (CREDITS_CATALOG). */
export const DEFAULT_PACKAGES: readonly CreditPackage[] = packagesOf(
  catalogFileSchema.parse({
    packs: [
      { id: 'basic', credits: 100, priceCents: 100, currency: 'usd', names: { en: 'Starter', 'zh-CN': '基础包' } },
      { id: 'standard', credits: 1_000, priceCents: 1_000, currency: 'usd', names: { en: 'Standard', 'zh-CN': '标准包' } },
      { id: 'premium', credits: 10_000, bonusCredits: 5_000, priceCents: 10_000, currency: 'usd', names: { en: 'Premium', 'zh-CN': '超值包' } },
    ],
  }),
);

export function findPackage(packages: readonly CreditPackage[], id: string): CreditPackage | undefined {
  return packages.find((p) => p.id === id);
}
