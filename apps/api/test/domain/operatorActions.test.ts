import type { OrderFact } from '../../src/domain/facts';
import { allowedActions, eligibility, stillEligible } from '../../src/domain/operatorActions';
import type { Order } from '../../src/domain/order';
import { buildOrder, paidReport } from '../support/orders';
import { replay } from '../support/replay';

/** Which operator actions apply to an order, and the payment each targets: decided here only. */
const order = buildOrder('standard');
const paid = (overrides = {}): OrderFact => ({ type: 'payment', payment: paidReport(order, overrides) });
const after = (...facts: OrderFact[]): Order => replay(order, facts).order;

describe('operator actions', () => {
  it.each<[string, Order, Array<{ action: string; paymentId: string }>]>([
    ['a pending order: none', order, []],
    ['a completed order: a refund of its payment', after(paid()), [{ action: 'refund', paymentId: 'pay_A' }]],
    [
      'a payment held for review: grant, refund or dismiss it',
      after(paid({ netCents: 999 })),
      [
        { action: 'grant', paymentId: 'pay_A' },
        { action: 'refund', paymentId: 'pay_A' },
        { action: 'dismiss', paymentId: 'pay_A' },
      ],
    ],
    ['a payment credited on another order: only dismiss it', after(paid({ grantedElsewhere: true })), [{ action: 'dismiss', paymentId: 'pay_A' }]],
    ['a dismissed review that kept the money: a refund of it', after(paid({ netCents: 999 }), { type: 'dismiss', paymentId: 'pay_A' }), [{ action: 'refund', paymentId: 'pay_A' }]],
    ['a refunded order: none', after(paid(), paid({ refundedCents: 1_000, at: '2026-01-02T00:00:00.000Z' })), []],
  ])('%s', (_what, o, expected) => {
    expect(allowedActions(o)).toEqual(expected);
  });

  it('says why an action does not apply, with the problem code the API answers', () => {
    expect(eligibility(order, 'grant')).toMatchObject({ allowed: false, refusal: 'not_in_review' });
    expect(eligibility(order, 'refund')).toMatchObject({ allowed: false, refusal: 'not_refundable' });
    const elsewhere = after(paid({ grantedElsewhere: true }));
    expect(eligibility(elsewhere, 'grant')).toMatchObject({ allowed: false, refusal: 'granted_elsewhere' });
    expect(eligibility(elsewhere, 'refund')).toMatchObject({ allowed: false, refusal: 'granted_elsewhere' });
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
