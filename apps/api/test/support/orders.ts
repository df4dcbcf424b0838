import type { PackageId } from '@credits/shared';
import { seedPack } from './packs';
import { emptyHistory } from '../../src/domain/history';
import type { Order } from '../../src/domain/order';
import type { PaymentReport } from '../../src/domain/facts';

export const ORDER_ID = '6f1c1b56-2d5e-4a1f-9a3e-0a5b7c9d1e2f';
export const CHECKOUT_ID = 'ch_TestCheckout01';

/** A pending order with a checkout, as the policy sees it; overrides for anything else. */
export function buildOrder(packageId: PackageId = 'standard', overrides: Partial<Order> = {}): Order {
  const pack = seedPack(packageId);
  const createdAt = new Date(Date.UTC(2026, 10, 1));
  return {
    id: ORDER_ID,
    userId: 'user-1',
    packageId,
    packNames: pack.names,
    credits: pack.totalCredits,
    amountCents: pack.priceCents,
    currency: 'usd',
    status: 'pending',
    statusReason: null,
    checkoutUrl: 'https://whop.test/checkout',
    whopCheckoutId: CHECKOUT_ID,
    whopPaymentId: null,
    completionSource: null,
    chargedCents: 0,
    taxCents: 0,
    refundedCents: 0,
    clawedCredits: 0,
    heldCredits: 0,
    respondBy: null,
    idempotencyKey: null,
    secondPayments: [],
    history: emptyHistory(),
    version: 0,
    createdAt,
    updatedAt: createdAt,
    completedAt: null,
    ...overrides,
  };
}

/** A paid Whop payment for `order`, matching it unless overridden. */
export function paidReport(order: Pick<Order, 'id' | 'amountCents' | 'whopCheckoutId'>, overrides: Partial<PaymentReport> = {}): PaymentReport {
  const netCents = overrides.netCents ?? order.amountCents;
  return {
    id: 'pay_A',
    state: 'paid',
    currency: 'usd',
    netCents,
    totalCents: netCents,
    settlement: null,
    usdTotalCents: null,
    checkoutId: order.whopCheckoutId,
    metadataOrderId: order.id,
    refundedCents: null,
    refundedTaxCents: null,
    at: null,
    ...overrides,
  };
}
