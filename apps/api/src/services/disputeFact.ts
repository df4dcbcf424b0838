import type { DisputeReport, OrderFact } from '../domain/facts';
import { WhopApiError, type WhopClient } from '../whop/client';

/**
 * A dispute as a fact. Whop ends some disputes as `closed` or `other`, which say nothing of the
 * money: the payment's substatus does (`dispute_lost`: the buyer's bank took it back). Whop out of
 * reach leaves the status as it is (the hold is released); the sweep reads the payment again later
 * and a loss it finds outranks the release.
 */
export async function disputeFact(whop: WhopClient, dispute: DisputeReport): Promise<OrderFact> {
  if (dispute.status !== 'closed' && dispute.status !== 'other') return { type: 'dispute', dispute };
  try {
    const payment = await whop.retrievePayment(dispute.paymentId);
    return { type: 'dispute', dispute: { ...dispute, status: payment.substatus === 'dispute_lost' ? 'lost' : dispute.status } };
  } catch (err) {
    if (!(err instanceof WhopApiError)) throw err;
    return { type: 'dispute', dispute };
  }
}
