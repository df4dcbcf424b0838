import { useQuery } from '@tanstack/react-query';
import { useCreditsContext } from './CreditsProvider';
import type { CreditPack, Credits, Order } from './types';

/** The query keys the components use: a host sharing its query client can refresh them (or its own pages' orders) by these. */
export const creditsKeys = {
  packages: ['packages'] as const,
  credits: ['balance'] as const,
  order: (id: string) => ['payment', id] as const,
  history: ['history'] as const,
};

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
