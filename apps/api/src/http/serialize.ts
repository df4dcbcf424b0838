import type { PaymentDto } from '@credits/shared';
import type { OrderSummary } from '../domain/order';

/** The Payment JSON of the API: internal fields (completion source, status reason) stay inside. */
export function toPaymentDto(p: OrderSummary, expiresAt: Date | null): PaymentDto {
  return {
    id: p.id,
    userId: p.userId,
    packageId: p.packageId,
    packNames: p.packNames,
    credits: p.credits,
    amountCents: p.amountCents,
    currency: p.currency,
    status: p.status,
    checkoutUrl: p.checkoutUrl,
    whopCheckoutId: p.whopCheckoutId,
    whopPaymentId: p.whopPaymentId,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
    completedAt: p.completedAt ? p.completedAt.toISOString() : null,
    expiresAt: expiresAt ? expiresAt.toISOString() : null,
    secondPayments: p.secondPayments,
    chargedCents: p.chargedCents,
    taxCents: p.taxCents,
    refundedCents: p.refundedCents,
    creditsTakenBack: p.clawedCredits,
    creditsHeld: p.heldCredits,
  };
}
