import { intervalStarts, summarize } from '../../src/domain/stats';

describe('dashboard figures', () => {
  const range = { from: new Date('2026-11-01T10:30:00Z'), to: new Date('2026-11-01T13:00:00Z'), interval: 'hour' as const };
  const row = (start: string, packageId: 'basic' | 'premium', created: number, completed: number, failed = 0) => ({
    start: new Date(start),
    packageId,
    created,
    completed,
    failed,
    expired: 0,
    cancelled: 0,
    review: 0,
    creditsGranted: completed * 100,
  });
  const money = (start: string, packageId: 'basic' | 'premium', payments: number, declines: number, refunded = 0, chargebacks = 0) => ({
    start: new Date(start),
    packageId,
    chargedCents: payments * 100,
    refundedCents: refunded,
    chargebackCents: chargebacks,
    payments,
    declines,
  });

  it('lists every interval of the range from the one its start falls in, empty ones as zeros', () => {
    expect(intervalStarts(range).map((d) => d.toISOString())).toEqual(['2026-11-01T10:00:00.000Z', '2026-11-01T11:00:00.000Z', '2026-11-01T12:00:00.000Z']);
    const { buckets } = summarize([row('2026-11-01T11:00:00Z', 'basic', 2, 1)], [], range, ['basic', 'premium']);
    expect(buckets.map((b) => [b.created, b.completed, b.conversion])).toEqual([
      [0, 0, null],
      [2, 1, 0.5],
      [0, 0, null],
    ]);
  });

  it('adds rows of one interval and one pack, and computes rates from the sums, not as averages', () => {
    const summary = summarize(
      [row('2026-11-01T10:00:00Z', 'basic', 4, 1, 3), row('2026-11-01T10:00:00Z', 'premium', 1, 1), row('2026-11-01T12:00:00Z', 'premium', 5, 5)],
      [],
      range,
      ['basic', 'premium'],
    );
    expect(summary.total).toMatchObject({ created: 10, completed: 7, failed: 3, conversion: 0.7, successRate: 0.7 });
    expect(summary.byPack.basic).toMatchObject({ created: 4, completed: 1, conversion: 0.25, successRate: 0.25 });
    expect(summary.byPack.premium).toMatchObject({ created: 6, completed: 6, successRate: 1 });
    expect(summary.buckets[0]).toMatchObject({ created: 5, completed: 2, failed: 3, successRate: 0.4 });
  });

  it('adds money as Whop moved it to the interval it was learnt in: net is charged less refunds and chargebacks, the decline rate counts attempts', () => {
    const summary = summarize(
      [row('2026-11-01T10:00:00Z', 'basic', 2, 2)],
      [money('2026-11-01T10:00:00Z', 'basic', 3, 1, 50), money('2026-11-01T12:00:00Z', 'premium', 1, 3, 0, 100)],
      range,
      ['basic', 'premium'],
    );
    expect(summary.total).toMatchObject({ chargedCents: 400, refundedCents: 50, chargebackCents: 100, netCents: 250, payments: 4, declines: 4, declineRate: 0.5, successRate: 1 });
    expect(summary.byPack.basic).toMatchObject({ chargedCents: 300, netCents: 250, declineRate: 0.25 });
    expect(summary.buckets.map((b) => b.netCents)).toEqual([250, 0, 0]);
    expect(summary.buckets[2]).toMatchObject({ chargedCents: 100, chargebackCents: 100, netCents: 0, declineRate: 0.75, created: 0 });
  });
});
