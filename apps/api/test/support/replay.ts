import { canTransition } from '@credits/shared';
import type { OrderFact } from '../../src/domain/facts';
import type { LedgerDraft, Order } from '../../src/domain/order';
import { decide, type Outcome } from '../../src/domain/policy';

export interface Replay {
  order: Order;
  entries: LedgerDraft[];
  outcomes: Outcome[];
  /** Credits the order's entries add up to. */
  balance: number;
}

const NOW = new Date(Date.UTC(2026, 10, 2));

/**
 * Applies facts one by one as an adapter would: each plan on the order the previous one produced.
 * Checks on the way what must hold of every single plan: its version step, a permitted status
 * change, keys never written before, and that deciding the same fact again plans nothing.
 */
export function replay(start: Order, facts: readonly OrderFact[]): Replay {
  let order = start;
  const entries: LedgerDraft[] = [];
  const keys = new Set<string>();
  const outcomes: Outcome[] = [];
  for (const fact of facts) {
    const plan = decide(order, fact, { now: NOW, source: 'webhook' });
    outcomes.push(plan.outcome);
    if (!plan.order) {
      if (plan.entries.length > 0) throw new Error('a plan without a new order wrote entries');
      continue;
    }
    if (plan.order.version !== order.version + 1) throw new Error('a plan must raise the version by one');
    if (plan.order.status !== order.status && !canTransition(order.status, plan.order.status)) {
      throw new Error(`status moved ${order.status} → ${plan.order.status}, which the state machine forbids`);
    }
    for (const entry of plan.entries) {
      if (keys.has(entry.key)) throw new Error(`ledger key written twice: ${entry.key}`);
      keys.add(entry.key);
      entries.push(entry);
    }
    order = plan.order;
    const again = decide(order, fact, { now: NOW, source: 'webhook' });
    if (again.order !== null || again.entries.length > 0) throw new Error(`the same fact planned again: ${JSON.stringify(fact)}`);
  }
  return { order, entries, outcomes, balance: entries.reduce((sum, e) => sum + e.credits, 0) };
}
