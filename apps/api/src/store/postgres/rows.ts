import type { PackageId, PaymentStatus } from '@credits/shared';
import { getTableColumns } from 'drizzle-orm';
import { packNamesAsBought, type CompletionSource, type Order, type OrderSummary, type PackNames } from '../../domain/order';
import { parseHistory, parseSecondPayments } from '../historyCodec';
import type { LedgerEntry } from '../ports';
import { orders, type ledgerEntries } from './schema';

export type OrderRow = typeof orders.$inferSelect;

export function toOrderSummary({ whopAskedAt: _asked, ...row }: Omit<OrderRow, 'history'>): OrderSummary {
  return {
    ...row,
    packageId: row.packageId as PackageId,
    packNames: packNamesAsBought(row.packageId, row.packNames as PackNames | null),
    status: row.status as PaymentStatus,
    completionSource: row.completionSource as CompletionSource | null,
    secondPayments: parseSecondPayments(row.secondPayments),
  };
}

export function toOrder(row: OrderRow): Order {
  return { ...toOrderSummary(row), history: parseHistory(row.history) };
}

/** Every column but the history: what reads for the buyer need. */
export const summaryColumns = (({ history: _history, ...columns }) => columns)(getTableColumns(orders));

export function toLedgerEntry(row: typeof ledgerEntries.$inferSelect): LedgerEntry {
  return { ...row, id: String(row.id), kind: row.kind as LedgerEntry['kind'] };
}
