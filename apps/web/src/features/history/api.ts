import { useInfiniteQuery } from '@tanstack/react-query';
import type { PaymentDto } from '@credits/shared';
import { api } from '../../lib/apiClient';

const PAGE_SIZE = 20;

export function useHistory() {
  return useInfiniteQuery({
    queryKey: ['history'],
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam }) =>
      await api.get<{ payments: PaymentDto[]; nextCursor: string | null }>('/api/payment/user/history', { limit: PAGE_SIZE, cursor: pageParam ?? undefined }),
    getNextPageParam: (last) => last.nextCursor,
  });
}
