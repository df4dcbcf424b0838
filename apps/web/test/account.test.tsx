import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { LedgerEntryDto } from '@credits/shared';
import { backend, buildPayment, settle, shownDate } from './backend';
import { renderApp } from './render';

let seq = 0;
const entry = (over: Partial<LedgerEntryDto>): LedgerEntryDto => {
  seq += 1;
  return { id: String(seq), kind: 'grant', credits: 100, paymentId: null, memo: null, createdAt: new Date(Date.UTC(2026, 10, 1, 10, seq)).toISOString(), ...over };
};

describe('the Credits page', () => {
  it('says where the credits came from and went, newest first, in the buyer’s words, a page at a time', async () => {
    const paid = buildPayment({ packageId: 'standard' });
    backend.ledger.push(
      entry({ kind: 'grant', credits: 1_000, paymentId: paid.id, memo: `Whop payment pay_X` }),
      entry({ kind: 'spend', credits: -120, memo: 'Generated a chapter' }),
      entry({ kind: 'refund', credits: -500, paymentId: paid.id, memo: 'Refund rf_1 of Whop payment pay_X: succeeded' }),
      entry({ kind: 'dispute', credits: -380, paymentId: paid.id }),
      entry({ kind: 'dispute', credits: 380, paymentId: paid.id }),
      entry({ kind: 'adjustment', credits: -20, memo: 'Duplicate goodwill, reversed' }),
    );
    for (let i = 0; i < 20; i++) backend.ledger.unshift(entry({ kind: 'spend', credits: -1, memo: `Older spend ${i}` }));
    backend.balance = 340;
    renderApp('/credits');
    expect(await screen.findByRole('heading', { name: 'Your credits' })).toBeInTheDocument();
    expect(await screen.findByText('Balance: 340 credits')).toBeInTheDocument();
    const list = await screen.findByRole('list');
    const rows = within(list).getAllByRole('listitem');
    expect(rows).toHaveLength(20);
    expect(rows.slice(0, 6).map((r) => r.textContent)).toEqual([
      // The operator's own words stay in the console: the buyer is told who adjusted.
      `Adjusted by support-20${shownDate(backend.ledger[25]!.createdAt)}`,
      `Given back: the dispute was settled · Receipt+380${shownDate(backend.ledger[24]!.createdAt)}`,
      `Held or taken back: the payment was disputed with your bank · Receipt-380${shownDate(backend.ledger[23]!.createdAt)}`,
      `Taken back: the purchase was refunded · Receipt-500${shownDate(backend.ledger[22]!.createdAt)}`,
      `Generated a chapter-120${shownDate(backend.ledger[21]!.createdAt)}`,
      `Credits bought · Receipt+1,000${shownDate(backend.ledger[20]!.createdAt)}`,
    ]);
    expect(within(rows[5]!).getByRole('link', { name: 'Receipt' })).toHaveAttribute('href', `/receipt/${paid.id}`);
    await userEvent.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(26));
    expect(screen.getByRole('link', { name: 'Credits', current: 'page' })).toBeInTheDocument();
  });

  it('speaks Chinese, and says so when nothing has moved yet', async () => {
    backend.ledger.push(entry({ kind: 'adjustment', credits: 50, memo: 'sorry' }));
    renderApp('/credits', { locale: 'zh-CN' });
    expect(await screen.findByRole('heading', { name: '您的积分' })).toBeInTheDocument();
    expect(await screen.findByText('客服调整')).toBeInTheDocument();
    backend.ledger = [];
  });

  it('offers a pack when nothing has moved yet', async () => {
    renderApp('/credits');
    expect(await screen.findByText('Nothing has moved yet: buy a pack to start.')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('link', { name: 'Buy credits' }));
    expect(await screen.findByRole('dialog', { name: 'Buy credits' })).toBeInTheDocument();
  });
});

describe('receipts', () => {
  it('states what was bought, what Whop charged and when, its reference, and what went back; linked from History', async () => {
    const order = buildPayment({ packageId: 'premium' });
    settle(order, 'completed');
    Object.assign(order, { status: 'partially_refunded', chargedCents: 10_000, refundedCents: 2_500, creditsTakenBack: 3_750 });
    const unpaid = buildPayment({ packageId: 'basic' });
    backend.payments.push(order, unpaid);
    renderApp('/history');
    const cards = await screen.findAllByRole('listitem');
    expect(within(cards[1]!).getByRole('link', { name: 'Receipt for Premium' })).toHaveAttribute('href', `/receipt/${order.id}`);
    // Nothing charged, nothing to receipt.
    expect(within(cards[0]!).queryByRole('link', { name: /^Receipt/ })).not.toBeInTheDocument();
    await userEvent.click(within(cards[1]!).getByRole('link', { name: 'Receipt for Premium' }));
    expect(await screen.findByRole('heading', { name: 'Receipt' })).toBeInTheDocument();
    const facts = await screen.findByText('Bought');
    expect(facts.closest('dl')).toHaveTextContent(
      `BoughtPremium · 15,000 credits (including 5,000 bonus)Price$100.00Charged by Whop$100.00 in USD, any tax Whop added includedPaid${shownDate(order.completedAt!)}Whop paymentpay_Test1234567890Order${order.id}Refunded$25.00 · 3,750 credits taken backStatusPartly refunded`,
    );
    expect(screen.getByRole('button', { name: 'Print' })).toBeInTheDocument();
  });

  it('states the tax Whop added on top apart, in Chinese too', async () => {
    const order = buildPayment({ packageId: 'standard' });
    settle(order, 'completed');
    Object.assign(order, { chargedCents: 1_100, taxCents: 100 });
    backend.payments.push(order);
    renderApp(`/receipt/${order.id}`, { locale: 'zh-CN' });
    const facts = (await screen.findByText('其中税费')).closest('dl')!;
    expect(facts).toHaveTextContent('Whop 扣款US$11.00 币种 USD，含 Whop 加收的税费其中税费US$1.00 由 Whop 在价格之外加收');
  });

  it('has none for an order nobody paid, and says so in Chinese too', async () => {
    const unpaid = buildPayment({ packageId: 'basic' });
    backend.payments.push(unpaid);
    renderApp(`/receipt/${unpaid.id}`, { locale: 'zh-CN' });
    expect(await screen.findByText('此订单未产生扣款，因此没有收据。')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: '查看订单' })).toHaveAttribute('href', `/payment/result?paymentId=${unpaid.id}`);
  });

  it('is linked from the result page once something was charged', async () => {
    const order = buildPayment({ packageId: 'standard' });
    settle(order, 'completed');
    order.chargedCents = 1_000;
    backend.payments.push(order);
    renderApp(`/payment/result?paymentId=${order.id}`);
    expect(await screen.findByRole('link', { name: 'Receipt' })).toHaveAttribute('href', `/receipt/${order.id}`);
  });
});

describe('the home page', () => {
  it('shows the balance, an order still open with its deadline and Resume, the last purchases with receipts, and who takes the payment', async () => {
    const older = buildPayment({ packageId: 'basic' });
    settle(older, 'completed');
    older.chargedCents = 100;
    const paid = buildPayment({ packageId: 'premium' });
    settle(paid, 'completed');
    paid.chargedCents = 10_000;
    const open = buildPayment({ packageId: 'standard' });
    backend.payments.push(older, paid, open);
    renderApp('/');
    expect(await screen.findByTestId('balance')).toHaveTextContent('15,100');
    const waiting = await screen.findByRole('region', { name: 'An order is waiting for payment' });
    expect(waiting).toHaveTextContent(`Standard: $10.00 for 1,000 credits. You can pay it until ${shownDate(open.expiresAt!)}.`);
    expect(within(waiting).getByRole('link', { name: 'Resume payment' })).toHaveAttribute('href', open.checkoutUrl);
    const recent = screen.getByRole('region', { name: 'Your last purchases' });
    expect(
      within(recent)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual([`Premium · 15,000 credits${shownDate(paid.completedAt!)} · $100.00Receipt`, `Starter · 100 credits${shownDate(older.completedAt!)} · $1.00Receipt`]);
    expect(within(recent).getByRole('link', { name: 'Receipt for Premium' })).toHaveAttribute('href', `/receipt/${paid.id}`);
    expect(screen.getByRole('complementary', { name: 'About paying' })).toHaveTextContent('Payments are taken by Whop on its secure checkout');
  });

  it('shows neither without orders, and the payment cues in Chinese', async () => {
    renderApp('/', { locale: 'zh-CN' });
    expect(await screen.findByRole('complementary', { name: '关于付款' })).toHaveTextContent('Visa、Mastercard');
    expect(screen.queryByRole('region', { name: '有一笔订单等待付款' })).not.toBeInTheDocument();
    expect(screen.queryByRole('region', { name: '最近的购买' })).not.toBeInTheDocument();
  });
});
