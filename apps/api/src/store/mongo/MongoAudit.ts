import type { Model } from 'mongoose';
import type { AuditEntryDoc } from '../../models/AuditEntry';
import type { AuditDraft, AuditEntry, AuditLog } from '../ports';

export function toAuditEntry({ _id, ...rest }: AuditEntryDoc): AuditEntry {
  return { id: _id.toHexString(), ...rest };
}

/** The audit log: documents are inserted, never updated or deleted (nothing here can). */
export class MongoAudit implements AuditLog {
  constructor(private readonly Audit: Model<AuditEntryDoc>) {}

  async append(draft: AuditDraft): Promise<AuditEntry> {
    const [doc] = await this.Audit.create([{ ...draft, at: new Date() }]);
    return toAuditEntry(doc!.toObject());
  }

  async forOrder(orderId: string): Promise<AuditEntry[]> {
    const docs = await this.Audit.find({ orderId }).sort({ at: 1, _id: 1 }).lean<AuditEntryDoc[]>();
    return docs.map(toAuditEntry);
  }

  async forUser(userId: string, limit: number): Promise<AuditEntry[]> {
    const docs = await this.Audit.find({ userId }).sort({ at: -1, _id: -1 }).limit(limit).lean<AuditEntryDoc[]>();
    return docs.map(toAuditEntry);
  }
}
