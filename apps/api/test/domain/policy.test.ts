import type { PaymentStatus } from '@credits/shared';
import type { DisputeReport, OrderFact, RefundReport } from '../../src/domain/facts';
import type { DisputeStatus } from '../../src/domain/history';
import type { Order } from '../../src/domain/order';
import { decide } from '../../src/domain/policy';
import { buildOrder, paidReport } from '../support/orders';
import { replay } from '../support/replay';

const order = buildOrder('standard');
const premium = buildOrder('premium');
const paid = (o: Order = order, overrides = {}): OrderFact => ({ type: 'payment', payment: paidReport(o, overrides) });
const refund = (cents: number, overrides: Partial<RefundReport> = {}): OrderFact => ({
  type: 'refund',
  refund: { id: 'rf_1', paymentId: 'pay_A', status: 'succeeded', cents, currency: null, ...overrides },
});
const dispute = (status: DisputeStatus, overrides: Partial<DisputeReport> = {}): OrderFact => ({
  type: 'dispute',
  dispute: { id: 'dp_1', paymentId: 'pay_A', status, cents: null, currency: null, paymentSaysLost: false, needsResponseBy: null, ...overrides },
});
const total = (cents: number, at: string, o: Order = order): OrderFact => paid(o, { refundedCents: cents, at });

describe('the money policy, fact by fact', () => {
  it('grants a matching paid payment once, with one grant entry keyed by the Whop payment', () => {
    const { order: done, entries, outcomes, balance } = replay(order, [paid(), paid()]);
    expect(outcomes).toEqual(['completed', 'already_completed']);
    expect(done).toMatchObject({ status: 'completed', whopPaymentId: 'pay_A', completionSource: 'webhook', version: 1 });
    expect(entries).toEqual([{ key: 'grant:pay_A', kind: 'grant', credits: 1_000, memo: 'Whop payment pay_A' }]);
    expect(balance).toBe(1_000);
  });

  it.each([
    ['another amount', { netCents: 999 }, 'amount_mismatch'],
    ['another currency', { currency: 'eur' }, 'currency_mismatch'],
    ['another checkout', { checkoutId: 'ch_other' }, 'checkout_mismatch'],
    ["another order's metadata", { metadataOrderId: '00000000-0000-4000-8000-000000000000' }, 'metadata_mismatch'],
    ['a payment already granted elsewhere', { grantedElsewhere: true }, 'whop_payment_already_granted'],
  ])('holds a paid payment with %s for review, granting nothing', (_what, overrides, reason) => {
    const { order: held, outcomes, balance } = replay(order, [paid(order, overrides)]);
    expect(outcomes).toEqual(['review']);
    expect(held).toMatchObject({ status: 'review', statusReason: reason, whopPaymentId: 'pay_A' });
    expect(balance).toBe(0);
  });

  it('credits a matching payment that arrives after one held for review, and counts the other as a second payment', () => {
    const wrong = paid(order, { id: 'pay_W', netCents: 1 });
    const right = paid(order, { id: 'pay_A' });
    const first = replay(order, [wrong, right]);
    const second = replay(order, [right, wrong]);
    expect(first.outcomes).toEqual(['review', 'completed']);
    expect(second.outcomes).toEqual(['completed', 'duplicate_payment']);
    for (const r of [first, second]) expect([r.order.status, r.balance]).toEqual(['completed', 1_000]);
  });

  it('gives one pack for two matching payments on one checkout', () => {
    const { outcomes, balance, order: done } = replay(order, [paid(order, { id: 'pay_A' }), paid(order, { id: 'pay_B' })]);
    expect(outcomes).toEqual(['completed', 'duplicate_payment']);
    expect(balance).toBe(1_000);
    expect(done.whopPaymentId).toBe('pay_A');
  });

  it.each<[string, OrderFact[], PaymentStatus, string | null]>([
    ['a declined attempt', [{ type: 'payment', payment: paidReport(order, { state: 'failed' }) }], 'failed', 'payment_failed'],
    ['a checkout Whop could not create', [{ type: 'checkout_failed' }], 'failed', 'checkout_creation_failed'],
    ['expiry', [{ type: 'expired' }], 'expired', 'not_paid_in_time'],
    ['a decline, then expiry', [{ type: 'payment', payment: paidReport(order, { state: 'failed' }) }, { type: 'expired' }], 'expired', 'not_paid_in_time'],
    ['a cancellation', [{ type: 'cancelled' }], 'cancelled', 'cancelled_by_buyer'],
    ['an unpaid report', [{ type: 'payment', payment: paidReport(order, { state: 'open' }) }], 'pending', null],
  ])('leaves an order unpaid on %s', (_what, facts, status, reason) => {
    const { order: after, balance } = replay(order, facts);
    expect(after).toMatchObject({ status, statusReason: reason });
    expect(balance).toBe(0);
  });

  it.each<[string, OrderFact]>([
    ['after a decline', { type: 'payment', payment: paidReport(order, { id: 'pay_D', state: 'failed' }) }],
    ['after expiry', { type: 'expired' }],
    ['after a cancellation', { type: 'cancelled' }],
  ])('still credits money collected %s', (_what, first) => {
    const { order: after, balance } = replay(order, [first, paid()]);
    expect(after.status).toBe('completed');
    expect(balance).toBe(1_000);
  });

  it('never moves a credited order back to unpaid', () => {
    const { order: after, outcomes } = replay(order, [
      paid(),
      { type: 'payment', payment: paidReport(order, { id: 'pay_D', state: 'failed' }) },
      { type: 'expired' },
      { type: 'cancelled' },
    ]);
    expect(outcomes).toEqual(['completed', 'failed', 'ignored', 'ignored']);
    expect(after.status).toBe('completed');
  });

  describe('refunds', () => {
    it('takes back in proportion, bonus included, partial then the rest', () => {
      const { order: after, entries, balance } = replay(premium, [paid(premium), refund(2_500), refund(7_500, { id: 'rf_2' })]);
      expect(entries.map((e) => [e.kind, e.credits])).toEqual([
        ['grant', 15_000],
        ['refund', -3_750],
        ['refund', -11_250],
      ]);
      expect(after).toMatchObject({ status: 'refunded', refundedCents: 10_000, clawedCredits: 15_000 });
      expect(balance).toBe(0);
    });

    it('counts a refund learnt from the payment total and from its own event once, in either order', () => {
      const viaTotalFirst = replay(order, [paid(), total(500, '2026-11-02T00:00:00.000Z'), refund(500)]);
      const viaEventFirst = replay(order, [paid(), refund(500), total(500, '2026-11-02T00:00:00.000Z')]);
      for (const r of [viaTotalFirst, viaEventFirst]) expect([r.balance, r.order.status, r.order.refundedCents]).toEqual([500, 'partially_refunded', 500]);
    });

    it('trusts the newest payment total, and never less than the refunds it knows one by one', () => {
      const { balance } = replay(order, [
        paid(),
        total(300, '2026-11-02T00:00:00.000Z'),
        total(800, '2026-11-03T00:00:00.000Z'),
        total(300, '2026-11-01T00:00:00.000Z'),
        refund(200),
      ]);
      expect(balance).toBe(200);
      expect(replay(order, [paid(), refund(400), refund(400, { id: 'rf_2' }), total(500, '2026-11-02T00:00:00.000Z')]).balance).toBe(200);
    });

    it('waits for a pending refund, and gives back the credits of a refund that failed after succeeding', () => {
      const steps = replay(order, [paid(), refund(1_000, { status: 'pending' })]);
      expect([steps.outcomes[1], steps.balance]).toEqual(['refund_pending', 1_000]);
      const failed = replay(order, [paid(), refund(1_000), refund(1_000, { status: 'failed' })]);
      expect(failed.outcomes).toEqual(['completed', 'refunded', 'refund_failed']);
      expect([failed.balance, failed.order.status]).toEqual([1_000, 'completed']);
      // A stale "succeeded" after the failure changes nothing.
      expect(replay(failed.order, [refund(1_000)]).entries).toEqual([]);
    });

    it('remembers a refund seen before the payment and takes it back at the grant', () => {
      const { order: after, entries, outcomes } = replay(order, [refund(1_000), paid()]);
      expect(outcomes).toEqual(['refunded', 'completed']);
      expect(entries.map((e) => [e.kind, e.credits])).toEqual([
        ['grant', 1_000],
        ['refund', -1_000],
      ]);
      expect(after.status).toBe('refunded');
    });

    it('keeps a pack whole when the refunded money was a second payment', () => {
      const { balance, order: after } = replay(order, [paid(order, { id: 'pay_A' }), paid(order, { id: 'pay_B' }), refund(1_000, { paymentId: 'pay_B' })]);
      expect([balance, after.status]).toEqual([1_000, 'completed']);
    });

    it('lets nothing be taken back beyond the grant, however much is reported', () => {
      const { balance, order: after } = replay(order, [paid(), refund(900), refund(900, { id: 'rf_2' }), total(5_000, '2026-11-05T00:00:00.000Z')]);
      // The money figure says what Whop reported; the credits stop at the grant.
      expect([balance, after.clawedCredits, after.refundedCents]).toEqual([0, 1_000, 5_000]);
    });
  });

  describe('disputes', () => {
    it('holds while open and releases when won', () => {
      const { outcomes, entries, order: after } = replay(order, [paid(), dispute('needs_response'), dispute('under_review'), dispute('won')]);
      expect(outcomes).toEqual(['completed', 'dispute_opened', 'dispute_open', 'dispute_won']);
      expect(entries.map((e) => [e.kind, e.credits])).toEqual([
        ['grant', 1_000],
        ['dispute', -1_000],
        ['dispute', 1_000],
      ]);
      expect(after).toMatchObject({ status: 'completed', heldCredits: 0 });
    });

    it('takes the held credits for good when lost, and a stale "won" changes nothing', () => {
      const { order: after, balance, outcomes } = replay(premium, [paid(premium), dispute('needs_response'), dispute('lost'), dispute('won')]);
      expect(outcomes.slice(2)).toEqual(['dispute_lost', 'dispute_lost']);
      expect(after).toMatchObject({ status: 'refunded', statusReason: 'dispute_lost', refundedCents: 10_000, clawedCredits: 15_000, heldCredits: 0 });
      expect(balance).toBe(0);
    });

    it('holds and settles each of two disputes on its own', () => {
      const second = (status: DisputeStatus) => dispute(status, { id: 'dp_2' });
      const { balance, order: after } = replay(order, [paid(), dispute('needs_response'), second('needs_response'), second('won')]);
      expect([balance, after.status]).toEqual([0, 'disputed']);
      expect(replay(after, [dispute('won')]).order.status).toBe('completed');
    });

    it('leaves every credit after an inquiry that closes, and holds again if it escalates', () => {
      const inquiry = replay(order, [paid(), dispute('warning_needs_response'), dispute('warning_under_review'), dispute('warning_closed')]);
      expect([inquiry.balance, inquiry.order.status, inquiry.outcomes[3]]).toEqual([1_000, 'completed', 'dispute_closed']);
      expect(replay(inquiry.order, [dispute('needs_response')]).balance).toBe(-1_000);
    });

    it.each<[DisputeStatus, DisputeStatus]>([
      ['needs_response', 'won'],
      ['warning_needs_response', 'warning_closed'],
      ['under_review', 'closed'],
      ['needs_response', 'other'],
    ])('releases a %s hold when Whop reports %s', (open, status) => {
      const { balance, order: after } = replay(order, [paid(), dispute(open), dispute(status)]);
      expect([balance, after.status, after.heldCredits]).toEqual([1_000, 'completed', 0]);
    });

    it('holds a dispute learnt before the payment from the moment of the grant, and an outcome before the opening wins', () => {
      expect(replay(order, [dispute('needs_response'), paid()]).balance).toBe(0);
      const outcomeFirst = replay(order, [dispute('won'), paid(), dispute('needs_response')]);
      expect([outcomeFirst.balance, outcomeFirst.order.status]).toEqual([1_000, 'completed']);
    });

    it('takes back only the disputed amount of a partially lost dispute', () => {
      const { balance } = replay(premium, [paid(premium), dispute('lost', { cents: 5_000 })]);
      expect(balance).toBe(7_500);
    });
  });

  describe('operators’ decisions on a payment held for review', () => {
    const accept: OrderFact = { type: 'accept', paymentId: 'pay_A' };
    // The standard pack: $10 for 1,000 credits, charged another amount and accepted by an operator.
    it.each<[string, number, number, number, PaymentStatus]>([
      ['charged $2.50, kept', 250, 0, 1_000, 'completed'],
      ['charged $2.50, all refunded', 250, 250, 0, 'refunded'],
      ['charged $2.50, half refunded', 250, 125, 500, 'partially_refunded'],
      ['charged $15, the $5 overcharge refunded', 1_500, 500, 1_000, 'completed'],
      ['charged $20, $10 refunded', 2_000, 1_000, 1_000, 'completed'],
      ['charged $20, $15 refunded', 2_000, 1_500, 500, 'partially_refunded'],
      ['charged $20, all refunded', 2_000, 2_000, 0, 'refunded'],
    ])('credits what the money kept says when %s', (_what, charged, refunded, balance, status) => {
      const facts = [paid(order, { netCents: charged }), accept, ...(refunded ? [refund(refunded)] : [])];
      for (const sequence of [facts, [...facts].reverse()]) {
        const result = replay(order, sequence);
        expect([result.order.status, result.balance]).toEqual([status, balance]);
      }
    });

    it('takes back the whole charge of an accepted payment when a dispute of no stated amount is lost', () => {
      const { order: done, balance } = replay(order, [paid(order, { netCents: 250 }), accept, dispute('needs_response'), dispute('lost')]);
      expect([done.status, done.statusReason, balance]).toEqual(['refunded', 'dispute_lost', 0]);
    });

    it('never credits a payment already granted to another order, and a dismissal closes the review with nothing moved', () => {
      const elsewhere = paid(order, { grantedElsewhere: true });
      expect(replay(order, [elsewhere, accept]).order).toMatchObject({ status: 'review', statusReason: 'whop_payment_already_granted' });
      const dismissed = replay(order, [paid(order, { netCents: 250 }), { type: 'dismiss', paymentId: 'pay_A' }]);
      expect([dismissed.order.status, dismissed.order.statusReason, dismissed.balance]).toEqual(['cancelled', 'review_dismissed', 0]);
    });
  });

  it('plans nothing, and leaves the version, for a fact already known', () => {
    const { order: done } = replay(order, [paid(), refund(100)]);
    const plan = decide(done, refund(100), { now: new Date(), source: 'webhook' });
    expect(plan).toEqual({ order: null, entries: [], movements: null, outcome: 'refunded' });
  });

  it('builds keys that two users or orders cannot share, whatever their ids contain', () => {
    const a = replay(buildOrder('standard', { id: 'a:b' }), [paid(buildOrder('standard', { id: 'a:b' }), { refundedCents: 100, at: 'x' })]);
    const b = replay(buildOrder('standard', { id: 'a' }), [paid(buildOrder('standard', { id: 'a' }), { id: 'b:pay_A', refundedCents: 100, at: 'x' })]);
    const keys = [...a.entries, ...b.entries].map((e) => e.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toContain('grant:b%3Apay_A');
  });

  describe('money as Whop moved it: tax, currencies, declines', () => {
    it('measures a refund of a taxed charge net of the tax: half of $11 ($10 + $1 tax) takes half the credits', () => {
      const taxed = paid(order, { netCents: 1_000, totalCents: 1_100 });
      const half = replay(order, [taxed, refund(550)]);
      expect([half.balance, half.order.status, half.order.chargedCents, half.order.refundedCents]).toEqual([500, 'partially_refunded', 1_100, 550]);
      // Whop's cumulative figure, with the tax in it said (a retrieved payment) or not (a list item): the same.
      for (const refundedTaxCents of [50, null]) {
        expect(replay(order, [taxed, paid(order, { netCents: 1_000, totalCents: 1_100, refundedCents: 550, refundedTaxCents, at: '2026-11-03T00:00:00.000Z' })]).balance).toBe(500);
      }
      expect(replay(order, [taxed, refund(1_100)]).order.status).toBe('refunded');
    });

    it('converts a refund in the buyer’s currency by Whop’s settlement figures, and never reads it as dollars', () => {
      const inYen = paid(order, { settlement: { cents: 150_000, currency: 'jpy' } });
      const yenRefund = refund(75_000, { currency: 'jpy' });
      expect(replay(order, [inYen, yenRefund]).balance).toBe(500);
      // Learnt before Whop's figures: the payment's credits are held, not taken, until they come.
      const early = replay(order, [paid(), yenRefund]);
      expect([early.balance, early.order.status, early.order.statusReason, early.order.heldCredits]).toEqual([0, 'partially_refunded', 'refund_currency_unknown', 1_000]);
      const converted = replay(early.order, [inYen]);
      expect([converted.balance, converted.order.statusReason, converted.order.heldCredits, converted.order.clawedCredits]).toEqual([500, null, 0, 500]);
    });

    it('holds, never takes, a payment’s credits while a refund is in a currency nothing converts, until Whop’s own figure accounts for it', () => {
      const held = replay(order, [paid(), refund(750, { currency: 'eur' })]);
      expect([held.balance, held.order.status, held.order.statusReason]).toEqual([0, 'partially_refunded', 'refund_currency_unknown']);
      // Whop's cumulative figure, in the payment's currency, says what went back: $8.10.
      const settled = replay(held.order, [paid(order, { refundedCents: 810, at: '2026-11-03T00:00:00.000Z' })]);
      expect([settled.order.statusReason, settled.order.heldCredits, settled.order.clawedCredits, settled.order.refundedCents]).toEqual([null, 0, 810, 810]);
      // A figure from before the refund does not account for it.
      const stale = replay(order, [paid(), refund(300), paid(order, { refundedCents: 300, at: '2026-11-02T00:00:00.000Z' }), refund(750, { id: 'rf_2', currency: 'eur' })]);
      expect(stale.order.statusReason).toBe('refund_currency_unknown');
      // A payment held for review stays held while it may keep money.
      const review = replay(order, [paid(order, { netCents: 600 }), refund(600, { currency: 'eur' })]);
      expect(review.order.status).toBe('review');
    });

    it('takes the whole charge for a lost chargeback whose amount nothing converts', () => {
      const lost = replay(order, [paid(), dispute('lost', { cents: 500, currency: 'eur' })]);
      expect([lost.balance, lost.order.status, lost.order.statusReason, lost.order.refundedCents]).toEqual([0, 'refunded', 'dispute_lost', 1_000]);
    });

    it('counts a dispute Whop closed while the payment showed dispute_lost as lost only when no other dispute of it was', () => {
      const saysLost = (id: string, cents: number) => dispute('closed', { id, cents, paymentSaysLost: true });
      const alone = replay(order, [paid(), dispute('needs_response', { id: 'dp_7', cents: 700 }), saysLost('dp_7', 700)]);
      expect([alone.balance, alone.order.refundedCents, alone.outcomes.at(-1)]).toEqual([300, 700, 'dispute_lost']);
      // One loss, told twice: by the lost dispute itself and by the substatus a closed sibling read.
      for (const facts of [
        [paid(), dispute('lost', { id: 'dp_3', cents: 300 }), saysLost('dp_7', 700)],
        [paid(), saysLost('dp_7', 700), dispute('lost', { id: 'dp_3', cents: 300 })],
      ]) {
        const { balance, order: after } = replay(order, facts);
        expect([balance, after.refundedCents, after.status]).toEqual([700, 300, 'partially_refunded']);
      }
      // Two closed siblings both reading dispute_lost: one loss.
      expect(replay(order, [paid(), saysLost('dp_1', 200), saysLost('dp_2', 300)]).order.refundedCents).toBe(200);
    });

    it('records a declined attempt by its id, and what Whop moved for every payment, credited or not', () => {
      const declined: OrderFact = { type: 'payment', payment: paidReport(order, { id: 'pay_D', state: 'failed' }) };
      const second = paid(order, { id: 'pay_B' });
      const { order: done } = replay(order, [declined, paid(), second, refund(1_000, { id: 'rf_B', paymentId: 'pay_B' })]);
      expect(done.history.payments.find((p) => p.id === 'pay_D')).toMatchObject({ declined: true, paid: false });
      expect([done.status, done.chargedCents, done.refundedCents]).toEqual(['completed', 2_000, 1_000]);
      const plan = decide(done, dispute('lost', { id: 'dp_9', cents: 300 }), { now: new Date(), source: 'webhook' });
      expect(plan.movements).toEqual([
        { kind: 'charge', whopId: 'pay_A', cents: 1_000 },
        { kind: 'chargeback', whopId: 'dp_9', cents: 300 },
        { kind: 'charge', whopId: 'pay_B', cents: 1_000 },
        { kind: 'refund', whopId: 'rf_B', cents: 1_000 },
        { kind: 'decline', whopId: 'pay_D', cents: 0 },
      ]);
    });

    it('takes a refund that failed after succeeding out of the money moved, and gives its credits back', () => {
      const { order: refunded } = replay(order, [paid(), refund(1_000)]);
      const failed = replay(refunded, [refund(1_000, { status: 'failed' })]);
      expect([failed.balance, failed.order.status, failed.order.refundedCents]).toEqual([1_000, 'completed', 0]);
      expect(decide(refunded, refund(1_000, { status: 'failed' }), { now: new Date(), source: 'webhook' }).movements).toEqual([{ kind: 'charge', whopId: 'pay_A', cents: 1_000 }]);
    });
  });
});
