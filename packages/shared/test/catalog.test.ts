import { CREDIT_PACKAGES, centsPerCredit, createPaymentBodySchema, dollarsToCents, findPackage, formatCents, formatCredits, historyQuerySchema } from '../src';

describe('catalog', () => {
  it('has the three packs with integer credits and cents', () => {
    expect(CREDIT_PACKAGES.map((p) => [p.id, p.credits, p.bonusCredits, p.totalCredits, p.priceCents])).toEqual([
      ['basic', 100, 0, 100, 100],
      ['standard', 1000, 0, 1000, 1000],
      ['premium', 10000, 5000, 15000, 10000],
    ]);
    for (const p of CREDIT_PACKAGES) expect(p.totalCredits).toBe(p.credits + p.bonusCredits);
  });

  it('cannot be changed at run time', () => {
    expect(() => {
      (CREDIT_PACKAGES[0] as { priceCents: number }).priceCents = 1;
    }).toThrow(TypeError);
    expect(findPackage('basic')!.priceCents).toBe(100);
    expect(findPackage('gold')).toBeUndefined();
  });

  it('prices a credit at 1¢, 1¢ and 0.67¢', () => {
    expect(CREDIT_PACKAGES.map((p) => centsPerCredit(p.priceCents, p.totalCredits))).toEqual([1, 1, 0.67]);
  });
});

describe('schemas', () => {
  it('accepts only a known packageId on create', () => {
    expect(createPaymentBodySchema.parse({ packageId: 'premium' })).toEqual({ packageId: 'premium' });
    expect(createPaymentBodySchema.safeParse({ packageId: 'premium', priceCents: 1 }).success).toBe(false);
    expect(createPaymentBodySchema.safeParse({ packageId: 'gold' }).success).toBe(false);
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
