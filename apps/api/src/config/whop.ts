import { centsToDollars, formatCredits, type BuyerLanguage, type CreditPackage } from '@credits/shared';

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
  orderId: string;
  userId: string;
  pack: CreditPackage;
  redirectUrl: string;
  /** The buyer's language: Whop's checkout shows the plan's title as sent. */
  language?: BuyerLanguage;
}

/** The plan's title on Whop's checkout, in the buyer's language: the pack's name and what it grants. */
export function packTitle(pack: CreditPackage, language: BuyerLanguage = 'en'): string {
  const credits = language === 'zh-CN' ? `${formatCredits(pack.totalCredits, 'zh-CN')} 积分` : `${formatCredits(pack.totalCredits)} credits`;
  return `${pack.names[language]} · ${credits}`;
}

/**
 * Body of POST /checkout_configurations: an inline one-time plan at the pack price (dollars, as Whop
 * takes it), our ids in metadata (Whop copies them onto the payment), and our own result page.
 * Only fields the pinned version documents are sent: from 2026-07-18 the account is `account_id`
 * at the top level (the shape @whop/sdk's types describe); before, `company_id` in the plan, and
 * promo codes can be switched off. A discounted payment would not match the pack price and is held
 * for review either way.
 */
export function checkoutConfigurationBody(settings: Pick<WhopSettings, 'companyId' | 'apiVersion'>, order: CheckoutOrder) {
  const plan = {
    plan_type: 'one_time' as const,
    initial_price: centsToDollars(order.pack.priceCents),
    currency: order.pack.currency,
    title: packTitle(order.pack, order.language),
    visibility: 'hidden' as const,
  };
  const common = {
    mode: 'payment' as const,
    metadata: { payment_id: order.orderId, user_id: order.userId, package_id: order.pack.id },
    redirect_url: order.redirectUrl,
  };
  if (versionAtLeast(settings.apiVersion, ACCOUNT_ID_VERSION)) return { account_id: settings.companyId, plan, ...common };
  return { plan: { company_id: settings.companyId, ...plan }, allow_promo_codes: false, ...common };
}

export function resultPageUrl(appUrl: string, orderId: string): string {
  return `${appUrl}/payment/result?paymentId=${encodeURIComponent(orderId)}`;
}
