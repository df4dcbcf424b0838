import type { z } from 'zod';
import {
  adjustmentResponseSchema,
  adminEventResponseSchema,
  adminEventsResponseSchema,
  adminOrderDetailSchema,
  adminOrdersResponseSchema,
  adminUserSchema,
  adminUsersResponseSchema,
  balanceResponseSchema,
  devStatusResponseSchema,
  devTokenResponseSchema,
  historyResponseSchema,
  ledgerResponseSchema,
  meResponseSchema,
  packagesResponseSchema,
  paymentResponseSchema,
  replayResponseSchema,
  resolveResponseSchema,
  statsResponseSchema,
} from '@credits/shared';

/**
 * Every answer the web app reads, by name, with the shared schema it is parsed with (the API's own).
 * The API client loads this module with the first answer, so the first download does not carry zod.
 */
export const RESPONSES = {
  packages: packagesResponseSchema,
  payment: paymentResponseSchema,
  history: historyResponseSchema,
  ledger: ledgerResponseSchema,
  balance: balanceResponseSchema,
  me: meResponseSchema,
  devStatus: devStatusResponseSchema,
  devToken: devTokenResponseSchema,
  stats: statsResponseSchema,
  adminOrders: adminOrdersResponseSchema,
  adminOrder: adminOrderDetailSchema,
  adminUser: adminUserSchema,
  adminUsers: adminUsersResponseSchema,
  resolve: resolveResponseSchema,
  adjustment: adjustmentResponseSchema,
  replay: replayResponseSchema,
  adminEvents: adminEventsResponseSchema,
  adminEvent: adminEventResponseSchema,
};

export type ResponseName = keyof typeof RESPONSES;
export type ResponseOf<N extends ResponseName> = z.infer<(typeof RESPONSES)[N]>;

/** `data` as the answer `name` is, or the first thing wrong with it. */
export function parseResponse<N extends ResponseName>(name: N, data: unknown): { ok: true; value: ResponseOf<N> } | { ok: false; problem: string } {
  const result = RESPONSES[name].safeParse(data);
  if (result.success) return { ok: true, value: result.data as ResponseOf<N> };
  const issue = result.error.issues[0];
  return { ok: false, problem: `${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}` };
}
