import { useMutation } from '@tanstack/react-query';
import { useCreditsContext } from './CreditsProvider';
import { rememberOrder } from './hooks';
import type { Order } from './types';

// Kept apart from the queries (hooks.ts): a page that only shows the balance does not download what buying needs.

/** A new order and its Whop checkout (titled in the reader's language), or the user's order of that pack still open (the API decides). */
export function useBuy() {
  const { api, queryClient, locale } = useCreditsContext();
  return useMutation(
    { mutationFn: async (packageId: string) => (await api<{ payment: Order }>('POST', 'payment', '/api/payment/create', { body: { packageId, locale } })).payment },
    queryClient,
  );
}

/** Cancels a pending order (the API asks Whop first: a payment already made is credited instead). */
export function useCancelOrder(id: string) {
  const { api, queryClient } = useCreditsContext();
  return useMutation(
    {
      mutationFn: async () => (await api<{ payment: Order }>('POST', 'payment', `/api/payment/${encodeURIComponent(id)}/cancel`)).payment,
      onSuccess: (order) => rememberOrder(queryClient, order),
    },
    queryClient,
  );
}
