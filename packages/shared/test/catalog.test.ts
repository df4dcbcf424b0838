import {
  DEFAULT_PACKAGES,
  catalogFileSchema,
  centsPerCredit,
  createPaymentBodySchema,
  dollarsToCents,
  findPackage,
  formatCents,
  formatCredits,
  historyQuerySchema,
  packagesOf,
} from '../src';

describe('catalog', () => {
  it('is the seed’s three packs by default, with integer credits and cents', () => {
    expect(DEFAULT_PACKAGES.map((p) => [p.id, p.credits, p.bonusCredits, p.totalCredits, p.priceCents, p.currency])).toEqual([
      ['basic', 100, 0, 100, 100, 'usd'],
      ['standard', 1000, 0, 1000, 1000, 'usd'],
      ['premium', 10000, 5000, 15000, 10000, 'usd'],
    ]);
    for (const p of DEFAULT_PACKAGES) expect(p.totalCredits).toBe(p.credits + p.bonusCredits);
    expect(DEFAULT_PACKAGES.map((p) => p.names.en)).toEqual(['Starter', 'Standard', 'Premium']);
  });

  it('cannot be changed at run time', () => {
    expect(() => {
      (DEFAULT_PACKAGES[0] as { priceCents: number }).priceCents = 1;
    }).toThrow(TypeError);
    expect(() => {
      (DEFAULT_PACKAGES[0]!.names as { en: string }).en = 'Free';
    }).toThrow(TypeError);
    expect(findPackage(DEFAULT_PACKAGES, 'basic')!.priceCents).toBe(100);
    expect(findPackage(DEFAULT_PACKAGES, 'gold')).toBeUndefined();
  });

  it('prices a credit at 1¢, 1¢ and 0.67¢', () => {
    expect(DEFAULT_PACKAGES.map((p) => centsPerCredit(p.priceCents, p.totalCredits))).toEqual([1, 1, 0.67]);
  });

  const euro = { id: 'small', credits: 500, priceCents: 499, currency: 'eur', names: { en: 'Small', 'zh-CN': '小包' } };

  it('reads a host’s file: bonus credits default to none, totals are added', () => {
    const [pack] = packagesOf(catalogFileSchema.parse({ packs: [euro] }));
    expect(pack).toEqual({ ...euro, bonusCredits: 0, totalCredits: 500 });
  });

  it.each([
    ['no packs', { packs: [] }, ['packs']],
    ['an unknown key', { packs: [{ ...euro, price: 5 }] }, ['packs', 0]],
    ['an id with capitals', { packs: [{ ...euro, id: 'Small' }] }, ['packs', 0, 'id']],
    ['the same id twice', { packs: [euro, euro] }, ['packs', 1, 'id']],
    ['two currencies', { packs: [euro, { ...euro, id: 'big', currency: 'usd' }] }, ['packs', 1, 'currency']],
    ['a currency without cents', { packs: [{ ...euro, currency: 'jpy' }] }, ['packs', 0, 'currency']],
    ['a price below 50 cents', { packs: [{ ...euro, priceCents: 49 }] }, ['packs', 0, 'priceCents']],
    ['a fraction of a credit', { packs: [{ ...euro, credits: 1.5 }] }, ['packs', 0, 'credits']],
    ['a name missing a language', { packs: [{ ...euro, names: { en: 'Small' } }] }, ['packs', 0, 'names', 'zh-CN']],
    ['a blank name', { packs: [{ ...euro, names: { en: ' ', 'zh-CN': '小包' } }] }, ['packs', 0, 'names', 'en']],
  ])('refuses %s, naming where', (_name, file, path) => {
    const result = catalogFileSchema.safeParse(file);
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.path)).toContainEqual(path);
  });
});

describe('schemas', () => {
  it('accepts only a pack id on create (whether it is on sale is the catalog’s to say)', () => {
    expect(createPaymentBodySchema.parse({ packageId: 'premium' })).toEqual({ packageId: 'premium' });
    expect(createPaymentBodySchema.safeParse({ packageId: 'premium', priceCents: 1 }).success).toBe(false);
    expect(createPaymentBodySchema.safeParse({ packageId: 'Premium!' }).success).toBe(false);
  });

  it('bounds the history page size', () => {
    expect(historyQuerySchema.parse({})).toEqual({ limit: 20 });
    expect(historyQuerySchema.parse({ limit: '100' }).limit).toBe(100);
    expect(historyQuerySchema.safeParse({ limit: '101' }).success).toBe(false);
  });
});

describe('money', () => {
  it.each([
    [10, 1000],
    [0.1 + 0.2, 30],
    [99.99, 9999],
    ['10.00', 1000],
    ['100', 10000],
    ['0.67', 67],
    ['10.50000', 1050],
  ])('reads %p dollars as %p cents', (input, cents) => {
    expect(dollarsToCents(input)).toBe(cents);
  });

  it.each(['10.005', 'ten', '', '1e3', NaN, Infinity])('refuses %p', (input) => {
    expect(dollarsToCents(input)).toBeNull();
  });

  it('formats for the locale', () => {
    expect(formatCents(1000, 'en-US')).toBe('$10.00');
    expect(formatCents(10000, 'zh-CN')).toBe('US$100.00');
    expect(formatCredits(15000, 'en-US')).toBe('15,000');
  });
});
