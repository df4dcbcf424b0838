import type { PackageId, PaymentStatus } from '@credits/shared';
import type { CompletionSource, Order } from '../../domain/order';
import { parseHistory } from '../historyCodec';
import type { LedgerEntry } from '../ports';
import type { ledgerEntries, payments } from './schema';

export type PaymentRow = typeof payments.$inferSelect;

export function toOrder(row: PaymentRow): Order {
  return {
    ...row,
    packageId: row.packageId as PackageId,
    currency: 'usd',
    status: row.status as PaymentStatus,
    completionSource: row.completionSource as CompletionSource | null,
    history: parseHistory(row.history),
  };
}

export function toLedgerEntry(row: typeof ledgerEntries.$inferSelect): LedgerEntry {
  return { ...row, id: String(row.id), kind: row.kind as LedgerEntry['kind'] };
}
