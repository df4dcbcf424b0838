import { Schema, type Connection, type Model, type Types } from 'mongoose';
import type { AuditEntry } from '../store/ports';

/** One operator action (who, when, what, why). Inserted, never updated: the adapter has no way to change one. */
export type AuditEntryDoc = Omit<AuditEntry, 'id'> & { _id: Types.ObjectId };

export const AuditEntrySchema = new Schema<AuditEntryDoc>(
  {
    at: { type: Date, required: true },
    actor: { type: String, required: true },
    action: { type: String, required: true, enum: ['adjustment', 'resolve_grant', 'resolve_refund', 'resolve_dismiss', 'webhook_replay'] },
    orderId: { type: String, default: null },
    userId: { type: String, default: null },
    reason: { type: String, required: true },
    details: { type: Schema.Types.Mixed, required: true },
  },
  { collection: 'audit_log', versionKey: false, strict: 'throw', minimize: false },
);

AuditEntrySchema.index({ orderId: 1, at: 1 });
AuditEntrySchema.index({ userId: 1, at: -1 });

export function auditEntryModel(connection: Connection): Model<AuditEntryDoc> {
  return connection.models.AuditEntry ?? connection.model<AuditEntryDoc>('AuditEntry', AuditEntrySchema);
}
