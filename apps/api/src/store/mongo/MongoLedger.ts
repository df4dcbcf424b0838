import type { ClientSession } from 'mongodb';
import { Types, type Model } from 'mongoose';
import type { Account } from '../../domain/holds';
import type { CreditAccountDoc } from '../../models/CreditAccount';
import type { LedgerEntryDoc } from '../../models/LedgerEntry';
import { CASE_INSENSITIVE } from '../../models/Payment';
import { decodeCursor, toPage } from '../cursor';
import { type LedgerDifference, type LedgerEntry, type LedgerReads, type Page, type PageRequest, type UnitOfWork } from '../ports';
import { escapeRegExp } from './regex';

interface Models {
  Account: Model<CreditAccountDoc>;
  Ledger: Model<LedgerEntryDoc>;
}

function toEntry(doc: LedgerEntryDoc): LedgerEntry {
  return { id: doc._id.toHexString(), userId: doc.userId, key: doc.key, kind: doc.kind, credits: doc.credits, orderId: doc.paymentId, memo: doc.memo, createdAt: doc.createdAt };
}

export class MongoLedger implements LedgerReads {
  constructor(
    private readonly models: Models,
    private readonly transaction: <T>(fn: (session: ClientSession) => Promise<T>) => Promise<T>,
  ) {}

  async balance(userId: string): Promise<number> {
    return (await this.account(userId)).balance;
  }

  async account(userId: string): Promise<Account> {
    const account = await this.models.Account.findById(userId).lean();
    return { balance: account?.balance ?? 0, held: account?.held ?? 0 };
  }

  async page(userId: string, page: PageRequest): Promise<Page<LedgerEntry>> {
    const after = page.cursor ? decodeCursor(page.cursor, (id) => /^[0-9a-f]{24}$/.test(id)) : null;
    const query = after ? { userId, $or: [{ createdAt: { $lt: after.createdAt } }, { createdAt: after.createdAt, _id: { $lt: new Types.ObjectId(after.id) } }] } : { userId };
    const docs = await this.models.Ledger.find(query)
      .sort({ createdAt: -1, _id: -1 })
      .limit(page.limit + 1)
      .lean<LedgerEntryDoc[]>();
    return toPage(docs.map(toEntry), page.limit);
  }

  /** Both reads in one snapshot, so a grant committing in between is not reported as a difference. */
  differences(): Promise<LedgerDifference[]> {
    return this.transaction(async (session) => {
      const sums = await this.models.Ledger.aggregate<{ _id: string; total: number }>([{ $group: { _id: '$userId', total: { $sum: '$credits' } } }]).session(session);
      const byUser = new Map(sums.map((s) => [s._id, s.total]));
      const differences: LedgerDifference[] = [];
      for await (const account of this.models.Account.find().session(session).lean().cursor()) {
        const total = byUser.get(account._id) ?? 0;
        byUser.delete(account._id);
        if (account.balance !== total) differences.push({ userId: account._id, balance: account.balance, ledgerSum: total });
      }
      for (const [userId, total] of byUser) if (total !== 0) differences.push({ userId, balance: 0, ledgerSum: total });
      return differences;
    });
  }

  async forOrder(orderId: string): Promise<LedgerEntry[]> {
    const docs = await this.models.Ledger.find({ paymentId: orderId }).sort({ createdAt: 1, _id: 1 }).lean<LedgerEntryDoc[]>();
    return docs.map(toEntry);
  }

  /** Accounts are one per user: a scan with the case-insensitive collation, for an operator's search. */
  async userIdsStartingWith(prefix: string, limit: number): Promise<string[]> {
    const accounts = await this.models.Account.find({ _id: { $regex: `^${escapeRegExp(prefix)}` } }, { _id: 1 })
      .sort({ _id: 1 })
      .limit(limit)
      .lean();
    return accounts.map((a) => a._id);
  }

  async userIdsInOtherCase(userId: string, limit: number): Promise<string[]> {
    const accounts = await this.models.Account.find({ _id: userId }, { _id: 1 }).collation(CASE_INSENSITIVE).lean();
    return accounts
      .map((a) => a._id)
      .filter((id) => id !== userId)
      .sort()
      .slice(0, limit);
  }
}

/** The ledger of one transaction. */
export function ledgerInSession({ Account }: Pick<Models, 'Account'>, session: ClientSession): UnitOfWork['ledger'] {
  return {
    async lockAccount(userId) {
      const account = await Account.findById(userId).session(session).lean();
      return { balance: account?.balance ?? 0, held: account?.held ?? 0 };
    },
  };
}
