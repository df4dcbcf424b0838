import { useQuery } from '@tanstack/react-query';
import type { MeDto } from '@credits/shared';
import { api } from './apiClient';

export const meKey = ['me'] as const;

/** Who the signed-in user is, and whether the operator console is theirs. */
export function useMe(enabled = true) {
  return useQuery({ queryKey: meKey, queryFn: () => api.get<MeDto>('/api/me'), staleTime: 5 * 60_000, enabled });
}
