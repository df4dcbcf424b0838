import { useInfiniteQuery, useMutation, useQuery } from '@tanstack/react-query';
import type { PackageId, PaymentDto } from '@credits/shared';
import { api } from '../../lib/apiClient';
import { useI18n } from '../../i18n/I18nProvider';

/** The catalog and the buyer's orders, as the purchase flow and History both use them. */
export const paymentKey = (id: string) => ['payment', id] as const;
export const historyKey = ['history'] as const;
const HISTORY_PAGE_SIZE = 20;

/** A pending order the buyer can still pay: it has a checkout and has not reached its expiry (the sweep expires it soon after). */
export function isResumable(p: PaymentDto, now = Date.now()): p is PaymentDto & { checkoutUrl: string } {
  return p.status === 'pending' && p.checkoutUrl !== null && p.expiresAt !== null && Date.parse(p.expiresAt) > now;
}

export function usePackages() {
  return useQuery({
    queryKey: ['packages'],
    queryFn: async () => (await api.get('packages', '/api/payment/packages')).packages,
    staleTime: 5 * 60_000,
  });
}

/** A new order and its Whop checkout (titled in the buyer's language), or the buyer's order of that pack still open (the API decides). */
export function useCreatePayment() {
  const { locale } = useI18n();
  return useMutation({
    mutationFn: async (packageId: PackageId) => (await api.post('payment', '/api/payment/create', { packageId, locale })).payment,
  });
}

export async function fetchPayment(id: string): Promise<PaymentDto> {
  return (await api.get('payment', `/api/payment/${encodeURIComponent(id)}`)).payment;
}

/** One order; read again when the buyer comes back to the tab (they may have paid in another). */
export function usePayment(id: string) {
  return useQuery({ queryKey: paymentKey(id), queryFn: () => fetchPayment(id), refetchOnWindowFocus: true });
}

/** Asks the API to re-check a pending order with Whop; answers the order as it now stands. */
export async function refreshPayment(id: string): Promise<PaymentDto> {
  return (await api.post('payment', `/api/payment/${encodeURIComponent(id)}/refresh`)).payment;
}

/** The buyer gives up a pending order; the API asks Whop first, so a paid order comes back completed. */
export async function cancelPayment(id: string): Promise<PaymentDto> {
  return (await api.post('payment', `/api/payment/${encodeURIComponent(id)}/cancel`)).payment;
}

export function useHistory() {
  return useInfiniteQuery({
    queryKey: historyKey,
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam }) => await api.get('history', '/api/payment/user/history', { limit: HISTORY_PAGE_SIZE, cursor: pageParam ?? undefined }),
    getNextPageParam: (last) => last.nextCursor,
  });
}
