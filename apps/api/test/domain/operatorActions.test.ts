import fc from 'fast-check';
import type { OrderFact } from '../../src/domain/facts';
import { figures } from '../../src/domain/figures';
import { allowedActions, eligibility, stillEligible } from '../../src/domain/operatorActions';
import type { Order } from '../../src/domain/order';
import { buildOrder, paidReport } from '../support/orders';
import { replay } from '../support/replay';

/** Which operator actions apply to an order, and the payment each targets: decided here only. */
const order = buildOrder('standard');
const paid = (overrides = {}): OrderFact => ({ type: 'payment', payment: paidReport(order, overrides) });
const after = (...facts: OrderFact[]): Order => replay(order, facts).order;

describe('operator actions', () => {
  const on = (action: string, refundCents: number | null = null) => ({ action, paymentId: 'pay_A', refundCents });
  const later = (n: number) => `2026-01-0${n}T00:00:00.000Z`;
  it.each<[string, Order, Array<ReturnType<typeof on>>]>([
    ['a pending order: none', order, []],
    ['a completed order: a refund of its payment', after(paid()), [on('refund')]],
    ['a payment held for review: grant, refund or dismiss it', after(paid({ netCents: 999 })), [on('grant'), on('refund'), on('dismiss')]],
    [
      'a payment held for review that charged more than the price: also a refund of the difference',
      after(paid({ netCents: 1_250 })),
      [on('grant'), on('refund'), on('refund_difference', 250), on('dismiss')],
    ],
    // $12.00 for the pack and $1.20 tax on top: $2.00 and its tax.
    [
      'the same with tax added on top: the difference with its tax',
      after(paid({ netCents: 1_200, totalCents: 1_320 })),
      [on('grant'), on('refund'), on('refund_difference', 220), on('dismiss')],
    ],
    [
      'an overcharge granted and partly given back: the rest of the difference',
      after(paid({ netCents: 1_250 }), { type: 'accept', paymentId: 'pay_A' }, paid({ netCents: 1_250, refundedCents: 100, at: later(2) })),
      [on('refund'), on('refund_difference', 150)],
    ],
    [
      'an overcharge whose difference went back: a refund only',
      after(paid({ netCents: 1_250 }), { type: 'accept', paymentId: 'pay_A' }, paid({ netCents: 1_250, refundedCents: 250, at: later(2) })),
      [on('refund')],
    ],
    ['a payment credited on another order: only dismiss it', after(paid({ grantedElsewhere: true })), [on('dismiss')]],
    ['a dismissed review that kept the money: a refund of it', after(paid({ netCents: 999 }), { type: 'dismiss', paymentId: 'pay_A' }), [on('refund')]],
    ['a refunded order: none', after(paid(), paid({ refundedCents: 1_000, at: later(2) })), []],
  ])('%s', (_what, o, expected) => {
    expect(allowedActions(o)).toEqual(expected);
  });

  it('says why an action does not apply, with the problem code the API answers', () => {
    expect(eligibility(order, 'grant')).toMatchObject({ allowed: false, refusal: 'not_in_review' });
    expect(eligibility(order, 'refund')).toMatchObject({ allowed: false, refusal: 'not_refundable' });
    const elsewhere = after(paid({ grantedElsewhere: true }));
    expect(eligibility(elsewhere, 'grant')).toMatchObject({ allowed: false, refusal: 'granted_elsewhere' });
    expect(eligibility(elsewhere, 'refund')).toMatchObject({ allowed: false, refusal: 'granted_elsewhere' });
    expect(eligibility(after(paid({ grantedElsewhere: true, netCents: 1_500 })), 'refund_difference')).toMatchObject({ allowed: false, refusal: 'no_difference' });
    expect(eligibility(after(paid()), 'refund_difference')).toMatchObject({ allowed: false, refusal: 'no_difference' });
    expect(eligibility(after(paid({ netCents: 1_500, currency: 'eur' })), 'refund_difference')).toMatchObject({ allowed: false, refusal: 'no_difference' });
    // Paid by the buyer in another currency: Whop's refunds are in theirs, and what a partial amount means there is not documented.
    expect(eligibility(after(paid({ netCents: 1_500, settlement: { cents: 1_180, currency: 'gbp' } })), 'refund_difference')).toMatchObject({
      allowed: false,
      refusal: 'no_difference',
    });
  });

  it('gives back an overcharge (tax on top or not, refunded in parts before or not, the tax in each refund rounded any way) and never a credit with it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: order.amountCents + 1, max: order.amountCents * 20 }),
        fc.integer({ min: 0, max: 300 }),
        fc.array(fc.double({ min: 0, max: 0.3, noNaN: true }), { maxLength: 3 }),
        fc.constantFrom(null, Math.round, Math.floor, Math.ceil),
        fc.boolean(),
        (netCents, taxPerMille, parts, whopRounds, granted) => {
          const totalCents = netCents + Math.round((netCents * taxPerMille) / 1_000);
          const taxCents = totalCents - netCents;
          const exact = totalCents - Math.ceil((order.amountCents * totalCents) / netCents);
          // Refunds made before (from Whop's dashboard), each a share of the difference; Whop rounds the tax in each to the cent its own way (no document says which).
          const earlier = parts.map((share) => Math.floor(exact * share)).filter((cents) => cents > 0);
          const taxOf = (cents: number) => (whopRounds ? whopRounds((cents * taxCents) / totalCents) : 0);
          // Whop's cumulative figures as its own retrieval gives them, or with no tax (list items do not carry it).
          const report = (refunds: number[], n: number) =>
            paid({
              netCents,
              totalCents,
              refundedCents: refunds.reduce((a, b) => a + b, 0),
              refundedTaxCents: whopRounds ? refunds.reduce((sum, cents) => sum + taxOf(cents), 0) : null,
              at: later(n),
            });
          const start = [paid({ netCents, totalCents }), ...(granted ? [{ type: 'accept', paymentId: 'pay_A' } as const] : [])];
          const o = after(...start, ...(earlier.length > 0 ? [report(earlier, 2)] : []));
          const asked = eligibility(o, 'refund_difference');
          const left = exact - earlier.reduce((a, b) => a + b, 0);
          if (!asked.allowed) {
            // Nothing to give back only when (but for the cents Whop's rounding of tax may have taken) the difference is gone.
            expect(left).toBeLessThanOrEqual(taxCents > 0 ? 2 : 0);
            return;
          }
          // The difference left, or a cent or two less where Whop rounded the tax of earlier refunds down.
          expect(asked.refundCents).toBeLessThanOrEqual(left);
          expect(asked.refundCents).toBeGreaterThanOrEqual(taxCents > 0 ? left - 2 : left);
          // Granted (as the service does first for a review), then Whop's refund of it lands.
          const done = after(...start, ...(granted ? [] : [{ type: 'accept', paymentId: 'pay_A' } as const]), report([...earlier, asked.refundCents!], 3));
          const f = figures(done, done.history);
          expect(f.granted - f.takenBack - f.held).toBe(order.credits);
          expect(f.status).toBe('completed');
          // What may be left to give back after it is a rounding's cent or two, never more.
          const again = eligibility(done, 'refund_difference');
          if (again.allowed) expect(again.refundCents).toBeLessThanOrEqual(2);
        },
      ),
      { numRuns: 3_000 },
    );
  });

  it('checks a decision again on the order as it is locked: another decision first is order_changed', () => {
    const review = after(paid({ netCents: 999 }));
    expect(stillEligible(review, { action: 'grant', paymentId: 'pay_A' })).toEqual({ ok: true });
    const dismissed = after(paid({ netCents: 999 }), { type: 'dismiss', paymentId: 'pay_A' });
    expect(stillEligible(dismissed, { action: 'grant', paymentId: 'pay_A' })).toMatchObject({ ok: false, refusal: 'order_changed' });
    expect(stillEligible(dismissed, { action: 'refund', paymentId: 'pay_A' })).toEqual({ ok: true });
    expect(stillEligible(review, { action: 'grant', paymentId: 'pay_B' })).toMatchObject({ ok: false, refusal: 'order_changed' });
    expect(stillEligible(after(paid({ grantedElsewhere: true })), { action: 'grant', paymentId: 'pay_A' })).toMatchObject({ ok: false, refusal: 'granted_elsewhere' });
  });
});
