import { useInfiniteQuery } from '@tanstack/react-query';
import { creditsKeys } from '@credits/react';
import { api } from '../../lib/apiClient';

/** The buyer's orders, as History lists them (the purchase and the result page are @credits/react's). */
const HISTORY_PAGE_SIZE = 20;

export function useHistory() {
  return useInfiniteQuery({
    queryKey: creditsKeys.history,
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam }) => await api.get('history', '/api/payment/user/history', { limit: HISTORY_PAGE_SIZE, cursor: pageParam ?? undefined }),
    getNextPageParam: (last) => last.nextCursor,
  });
}
