import { useQuery, type QueryClient } from '@tanstack/react-query';
import { useCreditsContext } from './CreditsProvider';
import type { CreditPack, Credits, Order } from './types';

/**
 * The query keys the components use, all under `['credits']`: a host sharing its query client can
 * refresh them by these (all of them by `creditsKeys.all`), and its own keys never meet them.
 */
export const creditsKeys = {
  all: ['credits'] as const,
  packages: ['credits', 'packages'] as const,
  credits: ['credits', 'balance'] as const,
  order: (id: string) => ['credits', 'order', id] as const,
  /** The user's orders as a host's page lists them (the web app's History). */
  history: ['credits', 'history'] as const,
};

/** An order as the API now answers it: kept for its page, and the lists of orders read again. */
export function rememberOrder(queryClient: QueryClient, order: Order): void {
  queryClient.setQueryData(creditsKeys.order(order.id), order);
  void queryClient.invalidateQueries({ queryKey: creditsKeys.history });
}

/** The packs on sale. */
export function usePackages() {
  const { api, queryClient } = useCreditsContext();
  return useQuery(
    {
      queryKey: creditsKeys.packages,
      queryFn: async () => (await api<{ packages: CreditPack[] }>('GET', 'packages', '/api/payment/packages')).packages,
      staleTime: 5 * 60_000,
    },
    queryClient,
  );
}

/** The signed-in user's credits: `{ balance, held, available }`. */
export function useCredits() {
  const { api, queryClient } = useCreditsContext();
  return useQuery({ queryKey: creditsKeys.credits, queryFn: () => api<Credits>('GET', 'balance', '/api/credits') }, queryClient);
}

/** One of the user's orders, by id. */
export function useOrder(id: string) {
  const { api, queryClient } = useCreditsContext();
  return useQuery(
    {
      queryKey: creditsKeys.order(id),
      queryFn: async () => (await api<{ payment: Order }>('GET', 'payment', `/api/payment/${encodeURIComponent(id)}`)).payment,
      // Read again when the buyer comes back to the tab (they may have paid in another).
      refetchOnWindowFocus: true,
    },
    queryClient,
  );
}
