import axios, { AxiosError, type AxiosInstance } from 'axios';
import { z } from 'zod';
import { checkoutConfigurationBody, type CheckoutOrder, type WhopSettings } from '../config/whop';
import { normalizePayment, type WhopPayment } from './payment';

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

export interface WhopClient {
  createCheckoutConfiguration(order: CheckoutOrder): Promise<CheckoutConfiguration>;
  retrievePayment(paymentId: string): Promise<WhopPayment>;
  /** All payments made on one checkout configuration (several when a buyer retried after a decline). */
  listPaymentsForCheckout(checkoutConfigurationId: string): Promise<WhopPayment[]>;
}

const checkoutResponse = z.object({ id: z.string().min(1), purchase_url: z.string().url() });
const listResponse = z.object({
  data: z.array(z.unknown()),
  page_info: z.object({ end_cursor: z.string().nullish(), has_next_page: z.boolean().optional() }).optional(),
});

const RETRYABLE = (status: number) => status === 429 || status >= 500;
const MAX_RETRIES = 2;

export function createWhopClient(settings: WhopSettings, sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))): WhopClient {
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

  /** Retries 429, 5xx and refused connections (not timeouts: the caller's wait must stay bounded). */
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
    async createCheckoutConfiguration(order) {
      const body = checkoutConfigurationBody(settings, order);
      const data = await call(() => http.post('/checkout_configurations', body, { headers: { 'Idempotency-Key': order.paymentId } }), 'create checkout configuration');
      const parsed = checkoutResponse.safeParse(data);
      if (!parsed.success) throw new WhopApiError('Whop returned an unexpected checkout configuration', null, false);
      return { id: parsed.data.id, purchaseUrl: parsed.data.purchase_url };
    },

    async retrievePayment(paymentId) {
      const data = await call(() => http.get(`/payments/${encodeURIComponent(paymentId)}`), 'retrieve payment');
      return normalizePayment(data);
    },

    async listPaymentsForCheckout(checkoutConfigurationId) {
      const payments: WhopPayment[] = [];
      let after: string | undefined;
      do {
        const params = { company_id: settings.companyId, 'checkout_configuration_ids[]': checkoutConfigurationId, first: 50, after };
        const data = await call(() => http.get('/payments', { params }), 'list payments');
        const page = listResponse.parse(data);
        payments.push(...page.data.map(normalizePayment));
        after = page.page_info?.end_cursor ?? undefined;
      } while (after);
      return payments;
    },
  };
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
