import fc from 'fast-check';
import { figures } from '../../src/domain/figures';
import { sameHistory } from '../../src/domain/history';
import { deliveriesArb, expectedOutcome, worldArb, worldFacts } from '../support/histories';
import { buildOrder } from '../support/orders';
import { replay, type Replay } from '../support/replay';

/**
 * Generated histories of one order (payments, declines, refunds learnt one by one and through the
 * payment's total, disputes on every path Whop declares, expiry, cancellation), delivered in any
 * order and any number of times. `replay` checks every single plan on the way (version step,
 * permitted status change, keys never reused, the same fact planning nothing the second time).
 */

const RUNS = Number(process.env.POLICY_PROPERTY_RUNS ?? 1_000);

function settled(r: Replay) {
  const { status, statusReason, refundedCents, clawedCredits, heldCredits } = r.order;
  return { balance: r.balance, status, statusReason, refundedCents, clawedCredits, heldCredits };
}

const scenario = (dropSome: boolean) =>
  worldArb.chain((world) => {
    const order = buildOrder(world.packageId);
    const facts = worldFacts(world, { id: order.id, whopCheckoutId: order.whopCheckoutId!, amountCents: order.amountCents });
    return deliveriesArb(facts, { dropSome }).map((deliveries) => ({ world, order, facts, deliveries }));
  });

describe('the money policy over generated histories', () => {
  it('ends with the balance and status the world implies, whatever the order and repetition of delivery', () => {
    fc.assert(
      fc.property(scenario(false), ({ world, order, deliveries }) => {
        const result = replay(order, deliveries);
        expect({ balance: result.balance, status: result.order.status }).toEqual(expectedOutcome(world));
      }),
      { numRuns: RUNS },
    );
  });

  it('learns the same from the same reports in any order: same history, figures and balance', () => {
    fc.assert(
      fc.property(scenario(true), ({ order, facts, deliveries }) => {
        const shuffled = replay(order, deliveries);
        const inOrder = replay(
          order,
          facts.filter((f) => deliveries.includes(f)),
        );
        expect(settled(shuffled)).toEqual(settled(inOrder));
        expect(sameHistory(shuffled.order.history, inOrder.order.history)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('keeps the ledger equal to the figures, never takes back more than it granted, never holds a negative amount', () => {
    fc.assert(
      fc.property(scenario(true), ({ order, deliveries }) => {
        const { order: after, balance } = replay(order, deliveries);
        const f = figures(after, after.history);
        expect(balance).toBe(f.granted - f.takenBack - f.held);
        expect(f.takenBack).toBeGreaterThanOrEqual(0);
        expect(f.takenBack).toBeLessThanOrEqual(f.granted);
        expect(f.held).toBeGreaterThanOrEqual(0);
        expect(balance).toBeGreaterThanOrEqual(0);
        expect(balance).toBeLessThanOrEqual(order.credits);
        expect([after.clawedCredits, after.heldCredits, after.refundedCents]).toEqual([f.takenBack, f.held, f.refundedCents]);
      }),
      { numRuns: RUNS },
    );
  });
});
