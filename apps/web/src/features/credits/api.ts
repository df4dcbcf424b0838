import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/apiClient';

export const balanceKey = ['balance'] as const;

export function useBalance() {
  return useQuery({
    queryKey: balanceKey,
    queryFn: async () => (await api.get('balance', '/api/credits')).balance,
  });
}
