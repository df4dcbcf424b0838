import { useQuery } from '@tanstack/react-query';
import { api } from './apiClient';

export const meKey = ['me'] as const;

/** Who the signed-in user is, and whether the operator console is theirs. */
export function useMe(enabled = true) {
  return useQuery({ queryKey: meKey, queryFn: () => api.get('me', '/api/me'), staleTime: 5 * 60_000, enabled });
}
