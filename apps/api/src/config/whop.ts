import { centsToDollars, formatCredits, type CreditPackage } from '@credits/shared';

/** Whop settings and the link between the catalog and Whop's checkout configurations. */
export interface WhopSettings {
  apiKey: string;
  companyId: string;
  apiBaseUrl: string;
  apiVersion: string;
  timeoutMs: number;
}

/** From this Api-Version-Date checkout configurations take `account_id` instead of `company_id`. */
const ACCOUNT_ID_VERSION = '2026-07-18';

export function versionAtLeast(version: string, pivot: string): boolean {
  return version.localeCompare(pivot) >= 0;
}

export interface CheckoutOrder {
  paymentId: string;
  userId: string;
  pack: CreditPackage;
  redirectUrl: string;
}

export function packTitle(pack: CreditPackage): string {
  return `${formatCredits(pack.totalCredits)} credits`;
}

/**
 * Body of POST /checkout_configurations: an inline one-time plan at the pack price (dollars, as Whop
 * takes it), our ids in metadata (copied by Whop onto the payment), and our own result page.
 * Promo codes are off: a discounted payment would not match the pack price and land in review.
 */
export function checkoutConfigurationBody(settings: Pick<WhopSettings, 'companyId' | 'apiVersion'>, order: CheckoutOrder) {
  const useAccountId = versionAtLeast(settings.apiVersion, ACCOUNT_ID_VERSION);
  const plan = {
    ...(useAccountId ? {} : { company_id: settings.companyId }),
    plan_type: 'one_time' as const,
    initial_price: centsToDollars(order.pack.priceCents),
    currency: order.pack.currency,
    title: packTitle(order.pack),
    visibility: 'hidden' as const,
    product: { external_identifier: `credits-${order.pack.id}`, title: packTitle(order.pack) },
  };
  return {
    ...(useAccountId ? { account_id: settings.companyId } : {}),
    mode: 'payment' as const,
    plan,
    metadata: { payment_id: order.paymentId, user_id: order.userId, package_id: order.pack.id },
    redirect_url: order.redirectUrl,
    allow_promo_codes: false,
  };
}

export function resultPageUrl(appUrl: string, paymentId: string): string {
  return `${appUrl}/payment/result?paymentId=${encodeURIComponent(paymentId)}`;
}
