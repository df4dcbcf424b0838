/**
 * What the ledger's own entries say about their cause (a grant's Whop payment, a refund, a
 * dispute): a code and its values, stored as one line of text that reads in English where it is
 * read as text (the host's events, logs) and that the console reads back to say in its reader's
 * language. Written and read here only, so the two cannot drift. Spends and adjustments carry the
 * words of whoever made them instead.
 */
export type LedgerMemo =
  | { code: 'payment'; paymentId: string }
  | { code: 'accepted'; paymentId: string }
  | { code: 'refund'; refundId: string; paymentId: string; status: string }
  | { code: 'dispute'; disputeId: string; paymentId: string; status: string };

export function memoText(memo: LedgerMemo): string {
  switch (memo.code) {
    case 'payment':
      return `Whop payment ${memo.paymentId}`;
    case 'accepted':
      return `Whop payment ${memo.paymentId}, accepted by an operator`;
    case 'refund':
      return `Refund ${memo.refundId} of Whop payment ${memo.paymentId}: ${memo.status}`;
    case 'dispute':
      return `Dispute ${memo.disputeId} of Whop payment ${memo.paymentId}: ${memo.status}`;
  }
}

const ID = '(\\S+)';
const READERS: Array<[RegExp, (m: string[]) => LedgerMemo]> = [
  [new RegExp(`^Whop payment ${ID}, accepted by an operator$`), ([, paymentId]) => ({ code: 'accepted', paymentId: paymentId! })],
  [new RegExp(`^Whop payment ${ID}$`), ([, paymentId]) => ({ code: 'payment', paymentId: paymentId! })],
  [
    new RegExp(`^Refund ${ID} of Whop payment ${ID}: ${ID}$`),
    ([, refundId, paymentId, status]) => ({ code: 'refund', refundId: refundId!, paymentId: paymentId!, status: status! }),
  ],
  [
    new RegExp(`^Dispute ${ID} of Whop payment ${ID}: ${ID}$`),
    ([, disputeId, paymentId, status]) => ({ code: 'dispute', disputeId: disputeId!, paymentId: paymentId!, status: status! }),
  ],
];

/** A memo the ledger wrote itself, read back; null for the words of a person or an app (a spend's reason, an adjustment's). */
export function readMemo(text: string | null): LedgerMemo | null {
  if (text === null) return null;
  for (const [pattern, read] of READERS) {
    const match = pattern.exec(text);
    if (match) return read([...match]);
  }
  return null;
}
