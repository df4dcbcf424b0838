import type { CreditsMessageKey as MessageKey } from './messages';
import type { Order } from './types';

/**
 * What the buyer is told about an order's money: what Whop charged and gave back, from the API's
 * figures. Never "nothing was charged" when Whop took money; null when there is nothing to say
 * beyond the status (nothing charged, or charged and credited in full).
 */
export interface MoneyStatement {
  key: MessageKey;
  chargedCents: number;
  refundedCents: number;
  credits: number;
}

export function moneyStatement(p: Pick<Order, 'status' | 'chargedCents' | 'refundedCents' | 'creditsHeld' | 'creditsTakenBack'>): MoneyStatement | null {
  const { chargedCents, refundedCents } = p;
  const say = (key: MessageKey, credits = 0): MoneyStatement => ({ key, chargedCents, refundedCents, credits });
  if (chargedCents === 0) return null;
  switch (p.status) {
    case 'review':
      return say(refundedCents > 0 ? 'money.reviewPartlyRefunded' : 'money.review');
    case 'cancelled':
    case 'failed':
    case 'expired':
    case 'pending':
      if (refundedCents >= chargedCents) return say('money.chargeRefunded');
      return say(refundedCents > 0 ? 'money.notCreditedPartlyRefunded' : 'money.notCredited');
    case 'partially_refunded':
      if (p.creditsHeld > 0) return say('money.refundHeld', p.creditsHeld);
      return say('money.partlyRefunded', p.creditsTakenBack);
    case 'refunded':
      return say('money.refunded', p.creditsTakenBack);
    case 'completed':
    case 'disputed':
      return null;
  }
}
