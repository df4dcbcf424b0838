import fc from 'fast-check';
import { memoText, readMemo, type LedgerMemo } from '../src/memos';

/** Whop's ids and statuses: letters, digits and underscores, never a space. */
const id = fc.stringMatching(/^[a-z]{2,4}_[A-Za-z0-9]{1,24}$/);
const status = fc.constantFrom('succeeded', 'pending', 'failed', 'canceled', 'needs_response', 'under_review', 'won', 'lost', 'closed', 'other');
const memo: fc.Arbitrary<LedgerMemo> = fc.oneof(
  fc.record({ code: fc.constant('payment' as const), paymentId: id }),
  fc.record({ code: fc.constant('accepted' as const), paymentId: id }),
  fc.record({ code: fc.constant('refund' as const), refundId: id, paymentId: id, status }),
  fc.record({ code: fc.constant('dispute' as const), disputeId: id, paymentId: id, status }),
);

describe('the ledger’s own memos', () => {
  it('read back as the code and values they were written from', () => {
    fc.assert(fc.property(memo, (m) => expect(readMemo(memoText(m))).toEqual(m)));
  });

  it('read as English where they are read as text, as they always were', () => {
    expect(memoText({ code: 'refund', refundId: 'rf_1', paymentId: 'pay_2', status: 'succeeded' })).toBe('Refund rf_1 of Whop payment pay_2: succeeded');
    expect(readMemo('Whop payment pay_X, accepted by an operator')).toEqual({ code: 'accepted', paymentId: 'pay_X' });
  });

  it('leave a person’s or an app’s words alone', () => {
    for (const words of ['Generated an image', 'Whop payment', 'Refund me please', 'Whop payment pay_1 and more', null]) expect(readMemo(words)).toBeNull();
  });
});
