import axios, { AxiosError, type AxiosInstance } from 'axios';
import { z } from 'zod';
import { checkoutConfigurationBody, versionAtLeast, type CheckoutOrder, type WhopSettings } from '../config/whop';
import { InvalidPaymentPayloadError, normalizeDispute, normalizePayment, normalizeRefund, type NormalizedDispute, type NormalizedRefund, type WhopPayment } from './payment';

/** An error from Whop's API or from reaching it. `timeout` separates a slow Whop from a failing one. */
export class WhopApiError extends Error {
  override name = 'WhopApiError';
  constructor(
    message: string,
    readonly status: number | null,
    readonly timeout: boolean,
  ) {
    super(message);
  }
}

export interface CheckoutConfiguration {
  id: string;
  purchaseUrl: string;
}

/** One item of a Whop list: read, or one Whop sent that cannot be read (the caller records it and goes on). */
export type Listed<T> = { item: T } | { unreadable: { id: string | null; reason: string } };

export interface WhopClient {
  /** The seller's dashboard for the account at Whop, where its payments and disputes are handled. */
  readonly dashboardUrl: string;
  createCheckoutConfiguration(order: CheckoutOrder): Promise<CheckoutConfiguration>;
  /** Deletes a checkout configuration so that its link takes no more payments; an already deleted one is fine. */
  deleteCheckoutConfiguration(checkoutConfigurationId: string): Promise<void>;
  retrievePayment(paymentId: string): Promise<WhopPayment>;
  /** All payments made on one checkout configuration (several when a buyer retried after a decline), as list items. */
  listPaymentsForCheckout(checkoutConfigurationId: string): Promise<Array<Listed<WhopPayment>>>;
  /** The account's payments that changed after `since` (paid, failed, refunded, disputed), page by page, as list items (no refunds or disputes inside). */
  listPaymentsUpdatedAfter(since: Date): AsyncIterable<Listed<WhopPayment>>;
  /** Refunds a payment in full; the key makes a retried call refund once. Returns the id of the refund Whop made, when its answer names one. */
  /** Refunds what is left of the payment, or `partialCents` of it (in the payment's currency). */
  refundPayment(paymentId: string, idempotencyKey: string, partialCents?: number): Promise<{ refundId: string | null }>;
  /** One refund or one dispute as Whop shows it now. */
  retrieveRefund(refundId: string): Promise<NormalizedRefund>;
  retrieveDispute(disputeId: string): Promise<NormalizedDispute>;
  /** The refunds of one payment (payments of the native shape do not embed them). */
  listRefundsForPayment(paymentId: string): Promise<NormalizedRefund[]>;
  /** The account's disputes opened after `since`. */
  listDisputesCreatedAfter(since: Date): AsyncIterable<Listed<NormalizedDispute>>;
}

const checkoutResponse = z.object({
  id: z.string().min(1),
  purchase_url: z.string().url().nullish(),
  plan: z.object({ id: z.string().min(1) }).nullish(),
});

/** From this Api-Version-Date list filters are singular (`checkout_configuration_id`) and the account is `account_id`. */
const NATIVE_LISTS = '2026-09-02-1';

/**
 * Whop's hosted checkout, when a response leaves `purchase_url` out (the SDK declares it optional):
 * `https://whop.com/checkout/<plan>/?session=<configuration>`, on the sandbox's host for the sandbox API.
 */
export function hostedCheckoutUrl(apiBaseUrl: string, planId: string, checkoutId: string): string {
  return `${whopSite(apiBaseUrl)}/checkout/${encodeURIComponent(planId)}/?session=${encodeURIComponent(checkoutId)}`;
}

/**
 * The account's dashboard: `https://whop.com/dashboard/<biz_…>/`, as Whop's docs name it (they give
 * no address for one payment or dispute: its page is found there, under Payments or Disputes).
 */
export function dashboardUrl(apiBaseUrl: string, companyId: string): string {
  return `${whopSite(apiBaseUrl)}/dashboard/${encodeURIComponent(companyId)}/`;
}

/** Whop's site for an API: whop.com for api.whop.com, sandbox.whop.com for the sandbox's API, the simulator's own origin. */
function whopSite(apiBaseUrl: string): string {
  const api = new URL(apiBaseUrl);
  const host = api.hostname.replace(/^sandbox-api\./, 'sandbox.').replace(/^api\./, '');
  return `${api.protocol}//${host}${api.port ? `:${api.port}` : ''}`;
}
const listResponse = z.object({
  data: z.array(z.unknown()),
  page_info: z.object({ end_cursor: z.string().nullish(), has_next_page: z.boolean().optional() }).optional(),
});

const refundedPayment = z.object({ refunds: z.array(z.object({ id: z.string().min(1), created_at: z.string().nullish() })).nullish() });

/** 409 is Whop's answer while a request with the same Idempotency-Key is still running; its own SDKs retry it too. */
const RETRYABLE = (status: number) => status === 409 || status === 429 || status >= 500;
const MAX_RETRIES = 2;

export function createWhopClient(settings: WhopSettings, sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))): WhopClient {
  const native = versionAtLeast(settings.apiVersion, NATIVE_LISTS);
  const account = native ? 'account_id' : 'company_id';
  const byCheckout = (id: string) =>
    native ? { [account]: settings.companyId, checkout_configuration_id: id } : { [account]: settings.companyId, 'checkout_configuration_ids[]': id };
  const http: AxiosInstance = axios.create({
    baseURL: settings.apiBaseUrl.replace(/\/+$/, ''),
    timeout: settings.timeoutMs,
    headers: {
      Authorization: `Bearer ${settings.apiKey}`,
      'Api-Version-Date': settings.apiVersion,
      Accept: 'application/json',
    },
    // Redirects are never followed for API calls: a 3xx is an error.
    maxRedirects: 0,
  });

  /** Retries 409, 429, 5xx and refused connections (not timeouts: the caller's wait must stay bounded). */
  async function call<T>(run: () => Promise<{ data: T }>, what: string): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return (await run()).data;
      } catch (err) {
        const error = toWhopError(err, what);
        const retryable = error.status === null ? !error.timeout : RETRYABLE(error.status);
        if (!retryable || attempt >= MAX_RETRIES) throw error;
        await sleep(retryDelay(err, attempt));
      }
    }
  }

  return {
    dashboardUrl: dashboardUrl(settings.apiBaseUrl, settings.companyId),

    async createCheckoutConfiguration(order) {
      const body = checkoutConfigurationBody(settings, order);
      const data = await call(() => http.post('/checkout_configurations', body, { headers: { 'Idempotency-Key': order.orderId } }), 'create checkout configuration');
      const parsed = checkoutResponse.safeParse(data);
      if (!parsed.success) throw new WhopApiError('Whop returned an unexpected checkout configuration', null, false);
      const { id, purchase_url: purchaseUrl, plan } = parsed.data;
      if (purchaseUrl) return { id, purchaseUrl };
      if (!plan) throw new WhopApiError('Whop returned a checkout configuration with neither purchase_url nor plan', null, false);
      return { id, purchaseUrl: hostedCheckoutUrl(settings.apiBaseUrl, plan.id, id) };
    },

    async deleteCheckoutConfiguration(checkoutConfigurationId) {
      try {
        await call(() => http.delete(`/checkout_configurations/${encodeURIComponent(checkoutConfigurationId)}`), 'delete checkout configuration');
      } catch (err) {
        if (!(err instanceof WhopApiError && err.status === 404)) throw err;
      }
    },

    async retrievePayment(paymentId) {
      const data = await call(() => http.get(`/payments/${encodeURIComponent(paymentId)}`), 'retrieve payment');
      return normalizePayment(data);
    },

    async listPaymentsForCheckout(checkoutConfigurationId) {
      const payments: Array<Listed<WhopPayment>> = [];
      for await (const payment of pages('/payments', byCheckout(checkoutConfigurationId), normalizePayment, 'list payments')) payments.push(payment);
      return payments;
    },

    listPaymentsUpdatedAfter(since) {
      return pages('/payments', { [account]: settings.companyId, updated_after: since.toISOString() }, normalizePayment, 'list payments');
    },

    async refundPayment(paymentId, idempotencyKey, partialCents) {
      // Whop's `partial_amount` is in the payment's currency, in major units; left out, the refund is of what is left.
      const body = partialCents === undefined ? {} : { partial_amount: partialCents / 100 };
      const data = await call(() => http.post(`/payments/${encodeURIComponent(paymentId)}/refund`, body, { headers: { 'Idempotency-Key': idempotencyKey } }), 'refund payment');
      // Whop answers with the payment: the newest refund it embeds is this one (native payments embed none).
      const refunds = refundedPayment.safeParse(data);
      const newest = refunds.success ? refunds.data.refunds?.toSorted((a, b) => (a.created_at ?? '').localeCompare(b.created_at ?? '')).at(-1) : undefined;
      return { refundId: newest?.id ?? null };
    },

    async retrieveRefund(refundId) {
      return normalizeRefund(await call(() => http.get(`/refunds/${encodeURIComponent(refundId)}`), 'retrieve refund'));
    },

    async retrieveDispute(disputeId) {
      return normalizeDispute(await call(() => http.get(`/disputes/${encodeURIComponent(disputeId)}`), 'retrieve dispute'));
    },

    async listRefundsForPayment(paymentId) {
      const refunds: NormalizedRefund[] = [];
      for await (const listed of pages('/refunds', { payment_id: paymentId }, normalizeRefund, 'list refunds')) {
        // The list is of this payment's refunds: one that leaves its payment out is still this payment's.
        if ('item' in listed) refunds.push(listed.item);
      }
      return refunds;
    },

    listDisputesCreatedAfter(since) {
      return pages('/disputes', { [account]: settings.companyId, created_after: since.toISOString() }, normalizeDispute, 'list disputes');
    },
  };

  /** Every item of a Whop list, following `page_info.end_cursor`; an item that cannot be read is yielded as such, not thrown. */
  async function* pages<T>(path: string, params: Record<string, string>, read: (item: unknown) => T, what: string): AsyncIterable<Listed<T>> {
    let after: string | undefined;
    do {
      const data = await call(() => http.get(path, { params: { ...params, first: 100, ...(after ? { after } : {}) } }), what);
      const page = listResponse.safeParse(data);
      if (!page.success) throw new WhopApiError(`${what}: Whop returned something that is not a list`, null, false);
      for (const item of page.data.data) {
        try {
          yield { item: read(item) };
        } catch (err) {
          if (!(err instanceof InvalidPaymentPayloadError)) throw err;
          const id = (item as { id?: unknown } | null)?.id;
          yield { unreadable: { id: typeof id === 'string' ? id : null, reason: err.message } };
        }
      }
      after = page.data.page_info?.end_cursor ?? undefined;
    } while (after);
  }
}

function toWhopError(err: unknown, what: string): WhopApiError {
  if (err instanceof AxiosError) {
    if (err.response) {
      const message = (err.response.data as { error?: { message?: unknown } } | undefined)?.error?.message;
      return new WhopApiError(`${what}: Whop answered ${err.response.status}${typeof message === 'string' ? ` (${message})` : ''}`, err.response.status, false);
    }
    const timeout = err.code === 'ECONNABORTED' || err.code === 'ETIMEDOUT';
    return new WhopApiError(`${what}: ${timeout ? 'Whop did not answer in time' : `Whop unreachable (${err.code ?? err.message})`}`, null, timeout);
  }
  if (err instanceof WhopApiError) return err;
  return new WhopApiError(`${what}: ${err instanceof Error ? err.message : String(err)}`, null, false);
}

function retryDelay(err: unknown, attempt: number): number {
  const header = err instanceof AxiosError ? err.response?.headers?.['retry-after'] : undefined;
  const seconds = typeof header === 'string' ? Number(header) : NaN;
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, 2_000);
  return 200 * 4 ** attempt;
}
