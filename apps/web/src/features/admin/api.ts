import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AdminOrdersQuery, ResolveAction } from '@credits/shared';
import { api, request } from '../../lib/apiClient';

/** The operator console's calls (routes under /api/admin). */

export type Period = '24h' | '7d' | '30d';
const HOUR = 3_600_000;
const PERIOD: Record<Period, { buckets: number; interval: 'hour' | 'day' }> = {
  '24h': { buckets: 24, interval: 'hour' },
  '7d': { buckets: 7, interval: 'day' },
  '30d': { buckets: 30, interval: 'day' },
};

/** Whole UTC hours or days, the current one (still filling) last: no bucket is cut at the start. */
export function periodRange(period: Period, now = Date.now()): { from: string; to: string; interval: 'hour' | 'day' } {
  const { buckets, interval } = PERIOD[period];
  const unit = interval === 'hour' ? HOUR : 24 * HOUR;
  const end = (Math.floor(now / unit) + 1) * unit;
  return { from: new Date(end - buckets * unit).toISOString(), to: new Date(end).toISOString(), interval };
}

export function useStats(period: Period) {
  return useQuery({
    queryKey: ['admin', 'stats', period],
    queryFn: () => api.get('stats', '/api/admin/stats', periodRange(period)),
    refetchInterval: 60_000,
  });
}

export type OrderFilters = Omit<AdminOrdersQuery, 'limit' | 'cursor'>;

export function useAdminOrders(filters: OrderFilters, limit = 25) {
  return useInfiniteQuery({
    queryKey: ['admin', 'orders', filters, limit],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => api.get('adminOrders', '/api/admin/orders', { ...filters, limit, cursor: pageParam ?? undefined }),
    getNextPageParam: (last) => last.nextCursor,
  });
}

export const adminOrderKey = (id: string) => ['admin', 'order', id] as const;

export function useAdminOrder(id: string) {
  return useQuery({ queryKey: adminOrderKey(id), queryFn: () => api.get('adminOrder', `/api/admin/orders/${encodeURIComponent(id)}`) });
}

/** Users whose id starts with `q` (the console's search box also finds users). */
export function useUserSearch(q: string) {
  return useQuery({ queryKey: ['admin', 'users', q], queryFn: () => api.get('adminUsers', '/api/admin/users', { q }) });
}

export const adminUserKey = (userId: string) => ['admin', 'user', userId] as const;

export function useAdminUser(userId: string) {
  return useQuery({ queryKey: adminUserKey(userId), queryFn: () => api.get('adminUser', `/api/admin/users/${encodeURIComponent(userId)}`) });
}

/** One Idempotency-Key per action the operator means: kept while they retry it, new once it went through. */
export function newKey(): string {
  return crypto.randomUUID();
}

export function useResolve(orderId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { action: ResolveAction; note: string; key: string }) =>
      api.post('resolve', `/api/admin/orders/${encodeURIComponent(orderId)}/resolve`, { action: input.action, note: input.note }, { 'Idempotency-Key': input.key }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['admin'] }),
  });
}

export function useAdjust(userId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { credits: number; reason: string; key: string }) =>
      api.post('adjustment', `/api/admin/users/${encodeURIComponent(userId)}/adjustments`, { credits: input.credits, reason: input.reason }, { 'Idempotency-Key': input.key }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['admin'] }),
  });
}

export function useReplay(orderId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { eventId: string; reason: string }) => api.post('replay', `/api/admin/webhooks/${encodeURIComponent(input.eventId)}/replay`, { reason: input.reason }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: adminOrderKey(orderId) }),
  });
}

export type EventStatus = 'pending' | 'failing' | 'delivered';

export function useAdminEvents(status: EventStatus | null, limit = 25) {
  return useInfiniteQuery({
    queryKey: ['admin', 'events', status, limit],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => api.get('adminEvents', '/api/admin/events', { status: status ?? undefined, limit, cursor: pageParam ?? undefined }),
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function useRedeliver() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (eventId: string) => api.post('adminEvent', `/api/admin/events/${encodeURIComponent(eventId)}/redeliver`, {}),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['admin', 'events'] }),
  });
}

/** A file the API answers with (a CSV export), fetched with the operator's token (a link cannot carry it) and saved under the name the API gives. */
export async function download(path: string, params?: Record<string, string | number | undefined>): Promise<string> {
  const res = await request<Response>('GET', 'file', path, { params, raw: true });
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'download';
  const link = document.createElement('a');
  link.href = URL.createObjectURL(await res.blob());
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
  return name;
}
