import fc from 'fast-check';
import { decideSpend } from '../../src/domain/credits';
import { available, decideHold, decideSettle, type Account, type Hold } from '../../src/domain/holds';

/**
 * Generated sequences of what happens to one user's credits (grants, refunds that take credits back,
 * spends, holds, captures, releases, expiry, time passing, the same capture or release again),
 * applied through the pure rules as the service applies them. After every step: the balance is the
 * sum of the ledger, what is held is the sum of the active holds, a hold that ended was captured and
 * freed to exactly what it held, no ledger key twice, and nothing but a refund takes what is
 * available below zero.
 */

const RUNS = Number(process.env.POLICY_PROPERTY_RUNS ?? 1_000);

type Step =
  | { kind: 'grant'; credits: number }
  | { kind: 'refund'; credits: number }
  | { kind: 'spend'; credits: number }
  | { kind: 'hold'; credits: number; seconds: number }
  | { kind: 'capture'; hold: number; credits: number }
  | { kind: 'release'; hold: number }
  | { kind: 'expire'; hold: number }
  | { kind: 'wait'; seconds: number };

const credits = fc.integer({ min: 1, max: 2_000 });
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('grant' as const), credits }),
  fc.record({ kind: fc.constant('refund' as const), credits }),
  fc.record({ kind: fc.constant('spend' as const), credits }),
  fc.record({ kind: fc.constant('hold' as const), credits, seconds: fc.integer({ min: 1, max: 600 }) }),
  fc.record({ kind: fc.constant('capture' as const), hold: fc.nat(20), credits: fc.integer({ min: 1, max: 2_500 }) }),
  fc.record({ kind: fc.constant('release' as const), hold: fc.nat(20) }),
  fc.record({ kind: fc.constant('expire' as const), hold: fc.nat(20) }),
  fc.record({ kind: fc.constant('wait' as const), seconds: fc.integer({ min: 1, max: 400 }) }),
);

interface World {
  account: Account;
  holds: Hold[];
  ledger: Array<{ key: string; credits: number }>;
  now: Date;
  n: number;
}

/** One step as the service does it; returns whether what is available was only ever taken down by a refund. */
function apply(world: World, step: Step): void {
  const before = world.account.balance - world.account.held;
  const book = (key: string, amount: number) => {
    expect(world.ledger.some((e) => e.key === key)).toBe(false);
    world.ledger.push({ key, credits: amount });
  };
  switch (step.kind) {
    case 'grant':
    case 'refund': {
      const amount = step.kind === 'grant' ? step.credits : -step.credits;
      book(`${step.kind}:${world.n++}`, amount);
      world.account = { ...world.account, balance: world.account.balance + amount };
      return;
    }
    case 'wait':
      world.now = new Date(world.now.getTime() + step.seconds * 1000);
      return;
    case 'spend': {
      const plan = decideSpend(world.account, { userId: 'u', credits: step.credits, reason: 'r', idempotencyKey: `k${world.n++}` });
      if (plan.outcome === 'insufficient') expect(available(world.account)).toBeLessThan(step.credits);
      else {
        book(plan.entry.key, plan.entry.credits);
        world.account = { ...world.account, balance: plan.balanceAfter };
      }
      break;
    }
    case 'hold': {
      const plan = decideHold(world.account, { id: `h${world.n++}`, userId: 'u', credits: step.credits, reason: 'r', expiresInSeconds: step.seconds }, world.now);
      if (plan.outcome === 'insufficient') expect(available(world.account)).toBeLessThan(step.credits);
      else {
        world.holds.push(plan.hold);
        world.account = plan.account;
      }
      break;
    }
    default: {
      const index = step.hold % Math.max(1, world.holds.length);
      const hold = world.holds[index];
      if (!hold) return;
      const action = step.kind === 'capture' ? { kind: 'capture' as const, credits: step.credits } : { kind: step.kind };
      const plan = decideSettle(hold, world.account, action, world.now);
      if (plan.outcome === 'exceeds') expect(step.kind === 'capture' && step.credits > hold.credits).toBe(true);
      if (plan.outcome === 'already') {
        expect(hold.status).not.toBe('active');
        // The same ending again is answered as before and changes nothing.
        const sameAgain =
          (action.kind === 'capture' && hold.status === 'captured' && hold.capturedCredits === action.credits) ||
          (action.kind === 'release' && hold.status !== 'captured') ||
          (action.kind === 'expire' && hold.status === 'expired');
        expect(plan.same).toBe(sameAgain);
      }
      if (plan.outcome === 'settled') {
        expect(hold.status).toBe('active');
        if (plan.entry) book(plan.entry.key, plan.entry.credits);
        world.holds[index] = plan.hold;
        world.account = plan.account;
        // Nothing is captured past a hold's time; a capture that comes too late expires it.
        if (hold.expiresAt <= world.now) expect(plan.hold.status).toBe('expired');
        if (plan.captureRefused) expect(plan.hold.capturedCredits).toBe(0);
      }
    }
  }
  // Only a refund takes what is available below zero (or further below).
  expect(world.account.balance - world.account.held).toBeGreaterThanOrEqual(Math.min(0, before));
}

function check(world: World): void {
  expect(world.account.balance).toBe(world.ledger.reduce((sum, e) => sum + e.credits, 0));
  expect(world.account.held).toBe(world.holds.filter((h) => h.status === 'active').reduce((sum, h) => sum + h.credits, 0));
  for (const hold of world.holds) {
    if (hold.status === 'active') expect(hold.settledAt).toBeNull();
    else expect(hold.settledAt).not.toBeNull();
    // What a hold held was spent or freed, exactly: the capture spent at most it, and only a capture spends.
    expect(hold.capturedCredits).toBeGreaterThanOrEqual(0);
    expect(hold.capturedCredits).toBeLessThanOrEqual(hold.credits);
    if (hold.status !== 'captured') expect(hold.capturedCredits).toBe(0);
    const spentByIt = world.ledger.filter((e) => e.key === `capture:${hold.id}`).reduce((sum, e) => sum - e.credits, 0);
    expect(spentByIt).toBe(hold.capturedCredits);
  }
}

describe('holds over generated sequences', () => {
  it('keep the balance equal to the ledger and the held credits equal to the active holds, and never overdraw', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 60 }), (steps) => {
        const world: World = { account: { balance: 0, held: 0 }, holds: [], ledger: [], now: new Date('2031-01-01T00:00:00Z'), n: 0 };
        for (const step of steps) {
          apply(world, step);
          check(world);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('refuse what they cannot take', () => {
    const now = new Date('2031-01-01T00:00:00Z');
    const account = { balance: 100, held: 60 };
    expect(decideHold(account, { id: 'h', userId: 'u', credits: 41, reason: 'r' }, now).outcome).toBe('insufficient');
    expect(decideSpend(account, { userId: 'u', credits: 41, reason: 'r', idempotencyKey: 'k' }).outcome).toBe('insufficient');
    expect(decideSpend({ balance: -5, held: 0 }, { userId: 'u', credits: 1, reason: 'r', idempotencyKey: 'k' }).outcome).toBe('insufficient');
    expect(() => decideHold(account, { id: 'h', userId: 'u', credits: 0, reason: 'r' }, now)).toThrow(RangeError);
    expect(() => decideHold(account, { id: 'h', userId: 'u', credits: 1, reason: 'r', expiresInSeconds: 86_401 }, now)).toThrow(RangeError);
  });
});
