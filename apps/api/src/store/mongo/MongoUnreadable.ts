import type { Model } from 'mongoose';
import type { UnreadableWhopObjectDoc } from '../../models/UnreadableWhopObject';
import type { UnreadableLog, UnreadableWhopObject } from '../ports';

export class MongoUnreadable implements UnreadableLog {
  constructor(private readonly Unreadable: Model<UnreadableWhopObjectDoc>) {}

  async record(kind: UnreadableWhopObject['kind'], whopId: string | null, reason: string, at: Date): Promise<void> {
    const id = whopId ?? '(no id)';
    await this.Unreadable.updateOne(
      { _id: `${kind}:${id}` },
      { $set: { reason, lastSeenAt: at }, $setOnInsert: { kind, whopId: id, firstSeenAt: at }, $inc: { seen: 1 } },
      { upsert: true },
    );
  }

  async seenBetween(from: Date, to: Date, limit: number): Promise<{ count: number; items: UnreadableWhopObject[] }> {
    const range = { lastSeenAt: { $gte: from, $lt: to } };
    const [docs, count] = await Promise.all([
      this.Unreadable.find(range).sort({ lastSeenAt: -1 }).limit(limit).lean<UnreadableWhopObjectDoc[]>(),
      this.Unreadable.countDocuments(range),
    ]);
    return { count, items: docs.map(({ _id, ...item }) => item) };
  }
}
