import type { DisputeReport, OrderFact } from '../domain/facts';
import { WhopApiError, type WhopClient } from '../whop/client';
import { InvalidPaymentPayloadError, withSubstatus } from '../whop/payment';

/**
 * A dispute as a fact. Whop ends some disputes as `closed` or `other`, which say nothing of the
 * money: the payment's substatus does (`withSubstatus`). Such a dispute is settled only once Whop was
 * actually asked: null when it could not be, and the credits stay held until it can.
 */
export async function disputeFact(whop: WhopClient, dispute: DisputeReport): Promise<OrderFact | null> {
  if (dispute.status !== 'closed' && dispute.status !== 'other') return { type: 'dispute', dispute };
  try {
    const payment = await whop.retrievePayment(dispute.paymentId);
    return { type: 'dispute', dispute: withSubstatus(dispute, payment) };
  } catch (err) {
    if (err instanceof WhopApiError || err instanceof InvalidPaymentPayloadError) return null;
    throw err;
  }
}
