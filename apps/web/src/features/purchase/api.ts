import { useMutation, useQuery } from '@tanstack/react-query';
import type { CreditPackage, PackageId, PaymentDto } from '@credits/shared';
import { api } from '../../lib/apiClient';

export const paymentKey = (id: string) => ['payment', id] as const;

export function usePackages() {
  return useQuery({
    queryKey: ['packages'],
    queryFn: async () => (await api.get<{ packages: CreditPackage[] }>('/api/payment/packages')).packages,
    staleTime: 5 * 60_000,
  });
}

export function useCreatePayment() {
  return useMutation({
    mutationFn: async (packageId: PackageId) => (await api.post<{ payment: PaymentDto }>('/api/payment/create', { packageId })).payment,
  });
}

export async function fetchPayment(id: string): Promise<PaymentDto> {
  return (await api.get<{ payment: PaymentDto }>(`/api/payment/${encodeURIComponent(id)}`)).payment;
}

/** Asks the API to re-check a pending order with Whop; answers the order as it now stands. */
export async function refreshPayment(id: string): Promise<PaymentDto> {
  return (await api.post<{ payment: PaymentDto }>(`/api/payment/${encodeURIComponent(id)}/refresh`)).payment;
}

export function usePayment(id: string) {
  return useQuery({ queryKey: paymentKey(id), queryFn: () => fetchPayment(id) });
}
