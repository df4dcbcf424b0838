import type { Locale } from './types';

/**
 * Every string the components show, in English (zhCN.ts: Simplified Chinese, loaded when first
 * spoken); `{name}` marks a value. A host may override any of them (CreditsProvider's `messages`).
 */
export const en = {
  'common.loading': 'Loading…',
  'common.retry': 'Try again',
  'common.close': 'Close',
  'error.rateLimited': 'Too many attempts in a short time. You can try again in {seconds} s.',
  'error.rateLimitedNow': 'Too many attempts in a short time. You can try again now.',
  'error.rateLimitedSoon': 'Too many attempts in a short time. Wait a minute and try again.',
  'error.whop': 'Whop, the payment provider, is not answering right now. Try again in a moment.',
  'error.whopUnknown': 'Whop, the payment provider, does not know this payment. Nothing was changed; if you were charged, contact support.',
  'error.unavailable': 'The service is briefly unavailable. Try again in a moment.',
  'error.network': 'The server could not be reached. Check your connection and try again.',
  'error.timeout': 'The server took too long to answer. Try again.',
  'error.notFound': 'We could not find what you asked for.',
  'error.request': 'The request was not accepted. Reload the page and try again.',
  'error.session': 'Your session has ended. Please sign in again.',
  'error.server': 'Something went wrong on our side. Try again in a moment.',
  'credits.balanceLabel': 'Your balance',
  'credits.balance': '{credits} credits',
  'credits.buy': 'Buy credits',
  'credits.negative': 'Your balance is below zero: credits were taken back (a refund, a chargeback or an adjustment by support). Spending is paused until you add credits.',
  'credits.historyLink': 'See your purchases',
  'purchase.title': 'Buy credits',
  'purchase.description': 'Choose a pack. You pay securely on Whop and come back here.',
  'purchase.packs': 'Credit packs',
  'purchase.credits': '{credits} credits',
  'purchase.bonus': 'includes {bonus} bonus',
  'purchase.perCredit': '{price}¢ per credit',
  'purchase.perCreditApprox': 'about {price}¢ per credit',
  'purchase.save': 'Save {percent}',
  'purchase.choose': 'Choose a pack',
  'purchase.pay': 'Pay {price} for {credits} credits',
  'purchase.redirecting': 'Taking you to checkout…',
  'result.title': 'Payment',
  'result.checking': 'Confirming your payment…',
  'result.cancelling': 'Cancelling your order…',
  'result.success': 'Payment complete',
  'result.successBody': '{credits} credits were added to your balance.',
  'result.newBalance': 'New balance: {credits} credits',
  'result.processing': 'Still processing',
  'result.processingBody': 'Whop has your payment and is still confirming it. Your credits will arrive as soon as it does; you can leave this page.',
  'result.checkAgain': 'Check again',
  'result.awaiting': 'Awaiting payment',
  'result.awaitingBody': 'This order has not been paid yet. Resume the payment on Whop, or cancel the order.',
  'result.resume': 'Resume payment',
  'result.cancel': 'Cancel order',
  'result.failed': 'Payment failed',
  'result.failedBody': 'The payment did not go through and nothing was charged.',
  'result.cancelled': 'Payment cancelled',
  'result.cancelledBody': 'You left the checkout before paying. Nothing was charged.',
  'result.expired': 'Order expired',
  'result.expiredBody': 'This order was not paid in time. Nothing was charged.',
  'result.review': 'Under review',
  'result.reviewBody': 'Something about this payment needs a person to look at it. No credits were added yet; we will sort it out.',
  'result.refunded': 'Refunded',
  'result.refundedBody': 'This payment was refunded and its credits were taken back.',
  'result.disputed': 'Disputed',
  'result.disputedBody': 'This payment is disputed with the bank; its credits are on hold.',
  'result.closed': 'Closed without credits',
  'money.review': '{charged} was charged. No credits were added yet: a person is checking this payment, and will add them or refund it.',
  'money.reviewPartlyRefunded': '{charged} was charged and {refunded} of it refunded. No credits were added yet: a person is checking this payment.',
  'money.notCredited': '{charged} was charged for this order and no credits were added. Nothing has been refunded yet: contact support and quote this order.',
  'money.notCreditedPartlyRefunded': '{charged} was charged for this order and no credits were added; {refunded} of it was refunded.',
  'money.chargeRefunded': 'The {charged} charged for this order was refunded. No credits were added.',
  'money.partlyRefunded': 'Refunded {refunded} of {charged}: {credits} credits were taken back.',
  'money.refunded': 'The {charged} charged was refunded: {credits} credits were taken back.',
  'money.refundHeld': 'Part of this payment was refunded; {credits} credits are on hold until the refund’s amount is confirmed.',
  'result.secondPayment': 'You paid for this order a second time ({id}). That payment added no credits and has been refunded.',
  'result.secondPaymentPending': 'You paid for this order a second time ({id}). That payment added no credits; its refund is on its way.',
  'result.notFound': 'We could not find this payment.',
  'result.missingId': 'This page needs a payment to show.',
  'result.tryAgain': 'Try again',
  'result.buyCredits': 'Buy credits',
  'result.receipt': 'Receipt',
  'result.backHome': 'Back to your credits',
  'result.pack': 'Pack',
  'result.amount': 'Amount',
  'result.credits': 'Credits',
  'result.whopPaymentId': 'Whop payment',
  'result.time': 'Time',
  'result.openUntil': 'Open until',
} as const;

export type CreditsMessageKey = keyof typeof en;
export type CreditsMessages = Record<CreditsMessageKey, string>;

const loaded: Partial<Record<Locale, CreditsMessages>> = { en };

/** The components' strings in a language once loaded (English always is); undefined until then. */
export function loadedCreditsMessages(locale: Locale): CreditsMessages | undefined {
  return loaded[locale];
}

/** Loads the components' strings in a language (Chinese is a chunk of its own). */
export async function loadCreditsMessages(locale: Locale): Promise<CreditsMessages> {
  return (loaded[locale] ??= locale === 'zh-CN' ? (await import('./zhCN')).zhCN : en);
}
