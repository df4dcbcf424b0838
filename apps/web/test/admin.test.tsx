import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import {
  adjustmentBodySchema,
  adjustmentResponseSchema,
  adminEventSchema,
  adminEventsResponseSchema,
  adminOrderDetailSchema,
  adminOrdersResponseSchema,
  adminUserSchema,
  adminUsersResponseSchema,
  resolveBodySchema,
  resolveResponseSchema,
  statsResponseSchema,
  type AdminOrderDto,
  type StatsDto,
} from '@credits/shared';
import { memoText } from '@credits/shared';
import { periodRange } from '../src/features/admin/api';
import FakePlot from './FakePlot';
import { backend, buildPayment, server, shownDate } from './backend';
import { renderApp } from './render';

const counts = (over: Partial<StatsDto['total']> = {}): StatsDto['total'] => ({
  created: 0,
  completed: 0,
  failed: 0,
  expired: 0,
  cancelled: 0,
  review: 0,
  creditsGranted: 0,
  chargedCents: 0,
  refundedCents: 0,
  chargebackCents: 0,
  netCents: 0,
  payments: 0,
  declines: 0,
  conversion: null,
  successRate: null,
  declineRate: null,
  ...over,
});

const STATS = statsResponseSchema.parse({
  from: '2026-11-20T00:00:00.000Z',
  to: '2026-11-27T00:00:00.000Z',
  interval: 'day',
  currency: 'usd',
  buckets: [
    {
      start: '2026-11-25T00:00:00.000Z',
      ...counts({ created: 40, completed: 30, failed: 2, chargedCents: 120_000, netCents: 120_000, creditsGranted: 90_000, conversion: 0.75, successRate: 30 / 32 }),
    },
    {
      start: '2026-11-26T00:00:00.000Z',
      ...counts({
        created: 10,
        completed: 5,
        chargedCents: 500,
        refundedCents: 1_000,
        chargebackCents: 10_000,
        netCents: -10_500,
        creditsGranted: 500,
        conversion: 0.5,
        successRate: 1,
      }),
    },
  ],
  total: counts({
    created: 50,
    completed: 35,
    failed: 2,
    chargedCents: 120_500,
    refundedCents: 1_000,
    chargebackCents: 10_000,
    netCents: 109_500,
    payments: 36,
    declines: 4,
    declineRate: 0.1,
    creditsGranted: 90_500,
    conversion: 0.7,
    successRate: 35 / 37,
  }),
  byPack: {
    basic: counts({ created: 20, completed: 10, chargedCents: 1_000, netCents: 0, creditsGranted: 1_000, conversion: 0.5 }),
    standard: counts({ created: 18, completed: 13, chargedCents: 13_000, netCents: 13_000, creditsGranted: 13_000, conversion: 13 / 18 }),
    premium: counts({ created: 12, completed: 12, chargedCents: 106_500, netCents: 96_500, creditsGranted: 76_500, conversion: 1 }),
  },
  credits: { granted: 90_500, spent: 2_000, takenBack: 16_000, adjusted: -20, outstanding: 72_480, outstandingCents: 72_480 },
  buyers: { unique: 30, repeat: 4, averageOrderCents: 3_347 },
  funnel: {
    total: { opened: 80, packChosen: 60, checkoutStarted: 45, paid: 30 },
    byPack: {
      basic: { opened: 80, packChosen: 25, checkoutStarted: 15, paid: 8 },
      standard: { opened: 80, packChosen: 20, checkoutStarted: 16, paid: 12 },
      premium: { opened: 80, packChosen: 15, checkoutStarted: 14, paid: 10 },
    },
  },
  previous: {
    from: '2026-11-13T00:00:00.000Z',
    to: '2026-11-20T00:00:00.000Z',
    total: counts({ created: 40, completed: 30, chargedCents: 100_000, refundedCents: 2_000, netCents: 98_000, payments: 30 }),
    credits: { granted: 60_000, spent: 1_000, takenBack: 0, adjusted: 0, outstanding: 50_000, outstandingCents: 50_000 },
    buyers: { unique: 30, repeat: 2, averageOrderCents: 3_333 },
    funnel: {
      total: { opened: 100, packChosen: 70, checkoutStarted: 50, paid: 30 },
      byPack: {
        basic: { opened: 100, packChosen: 30, checkoutStarted: 20, paid: 10 },
        standard: { opened: 100, packChosen: 25, checkoutStarted: 18, paid: 12 },
        premium: { opened: 100, packChosen: 15, checkoutStarted: 12, paid: 8 },
      },
    },
  },
  creditsTakenBack: { refunds: 1_000, disputes: 15_000 },
  webhooks: { handled: 120, p50Ms: 4, p99Ms: 37, failures: 3 },
  requests: { total: 2_000, serverErrors: 4, serverErrorShare: 0.002 },
  ledgerCheck: { at: '2026-11-26T23:59:00.000Z', differences: 0 },
  unreadable: {
    count: 1,
    items: [
      {
        kind: 'payment',
        whopId: 'pay_Unreadable01',
        reason: 'payment pay_Unreadable01 is paid but has no total',
        firstSeenAt: '2026-11-26T10:00:00.000Z',
        lastSeenAt: '2026-11-26T11:00:00.000Z',
        seen: 2,
      },
    ],
  },
});

function adminOrder(over: Partial<AdminOrderDto> = {}): AdminOrderDto {
  return { ...buildPayment(), statusReason: null, completionSource: null, clawedCredits: 0, heldCredits: 0, respondBy: null, ...over };
}

/** The admin routes the console reads, answered from `orders` (any status query filters them). */
function adminApi(orders: AdminOrderDto[]) {
  const calls = { resolve: [] as Array<{ key: string | null; body: unknown }>, adjust: [] as Array<{ key: string | null; body: unknown }> };
  let balance = 500;
  const otherCase = (userId: string) => [...new Set(orders.map((o) => o.userId))].filter((id) => id !== userId && id.toLowerCase() === userId.toLowerCase());
  server.use(
    http.get('/api/admin/stats', () => HttpResponse.json(STATS)),
    http.get('/api/admin/orders', ({ request }) => {
      const query = new URL(request.url).searchParams;
      const [status, q] = [query.get('status'), query.get('q')];
      return HttpResponse.json(
        adminOrdersResponseSchema.parse({
          orders: orders.filter((o) => (!status || o.status === status) && (!q || o.userId === q || o.id === q)),
          nextCursor: null,
          userIdsInOtherCase: q ? otherCase(q) : [],
        }),
      );
    }),
    http.get('/api/admin/users', ({ request }) => {
      const q = new URL(request.url).searchParams.get('q') ?? '';
      const ids = [...new Set(orders.map((o) => o.userId).filter((id) => id.startsWith(q)))].sort();
      return HttpResponse.json(adminUsersResponseSchema.parse({ userIds: ids }));
    }),
    http.get('/api/admin/orders/:id', ({ params }) => {
      const order = orders.find((o) => o.id === params.id)!;
      return HttpResponse.json(
        adminOrderDetailSchema.parse({
          order,
          whopPayments: [
            {
              id: 'pay_Held',
              paid: true,
              declined: false,
              // $15 on a $10 order in review; the price elsewhere.
              chargedCents: order.status === 'review' ? 1_500 : order.amountCents,
              totalCents: order.status === 'review' ? 1_500 : order.amountCents,
              currency: 'usd',
              settlement: null,
              mismatch: 'amount_mismatch',
              refunds: [],
              // A disputed order shows one waiting for the seller's evidence, with Whop's deadline.
              disputes: order.status === 'disputed' ? [{ id: 'dp_Open', status: 'needs_response', cents: 1_500, currency: null, needsResponseBy: '2026-12-01T17:00:00.000Z' }] : [],
            },
          ],
          whopDashboardUrl: 'https://whop.com/dashboard/biz_Test/',
          timeline: [
            { kind: 'created', at: order.createdAt },
            { kind: 'webhook', at: order.createdAt, eventId: 'msg_1', type: 'payment.succeeded', outcome: 'review' },
          ],
          // What the API's allowedActions would say of these orders.
          actions:
            order.status === 'review'
              ? (['grant', 'refund', 'refund_difference', 'dismiss'] as const).map((action) => ({
                  action,
                  paymentId: 'pay_Held',
                  refundCents: action === 'refund_difference' ? 500 : null,
                }))
              : order.status === 'completed'
                ? [{ action: 'refund' as const, paymentId: 'pay_Held', refundCents: null }]
                : [],
        }),
      );
    }),
    http.post('/api/admin/orders/:id/resolve', async ({ request, params }) => {
      const body = resolveBodySchema.parse(await request.json());
      calls.resolve.push({ key: request.headers.get('Idempotency-Key'), body });
      const order = orders.find((o) => o.id === params.id)!;
      if (body.action === 'grant') Object.assign(order, { status: 'completed', completionSource: 'operator' });
      if (body.action === 'refund_difference') Object.assign(order, { status: 'completed', completionSource: 'operator' });
      const outcome = calls.resolve.length > 1 ? 'replayed' : body.action === 'grant' ? 'completed' : 'refund_requested';
      return HttpResponse.json(resolveResponseSchema.parse({ outcome, order }));
    }),
    http.get('/api/admin/users/:userId', ({ params }) =>
      HttpResponse.json(
        adminUserSchema.parse({
          userId: params.userId,
          balance,
          ledger: [],
          orders: orders.filter((o) => o.userId === params.userId),
          audit: [],
          userIdsInOtherCase: otherCase(String(params.userId)),
        }),
      ),
    ),
    http.post('/api/admin/users/:userId/adjustments', async ({ request }) => {
      const body = adjustmentBodySchema.parse(await request.json());
      calls.adjust.push({ key: request.headers.get('Idempotency-Key'), body });
      balance += body.credits;
      return HttpResponse.json(adjustmentResponseSchema.parse({ entryId: String(calls.adjust.length), credits: body.credits, balance }), { status: 201 });
    }),
  );
  return calls;
}

beforeEach(() => {
  FakePlot.drawn = [];
});

describe('the operator console', () => {
  it('is not offered to a buyer: no Console link, and /admin says it is for operators only', async () => {
    renderApp('/admin');
    expect(await screen.findByRole('heading', { name: 'Operators only' })).toBeInTheDocument();
    expect(within(screen.getByRole('navigation', { name: 'Main' })).queryByRole('link', { name: 'Console' })).not.toBeInTheDocument();
  });

  it('shows an operator the figures, the charts’ data, the packs and what needs attention', async () => {
    backend.operator = true;
    const review = adminOrder({ status: 'review', statusReason: 'amount_mismatch', userId: 'buyer-7' });
    // Two disputes waiting for evidence, the later-created one due sooner; one answered (none due).
    const dueLate = adminOrder({ id: 'd15b0008-0000-4000-8000-000000000008', status: 'disputed', userId: 'buyer-8', respondBy: '2026-12-09T17:00:00.000Z' });
    const answered = adminOrder({ id: 'd15b0009-0000-4000-8000-000000000009', status: 'disputed', userId: 'buyer-9' });
    const dueSoon = adminOrder({ id: 'd15b0010-0000-4000-8000-000000000010', status: 'disputed', userId: 'buyer-10', respondBy: '2026-12-02T17:00:00.000Z' });
    adminApi([review, dueLate, answered, dueSoon]);
    renderApp('/');
    await userEvent.click(await screen.findByRole('link', { name: 'Console' }));
    expect(await screen.findByRole('heading', { name: 'Dashboard' })).toBeInTheDocument();
    // Money as Whop moved it, each against the period before, the direction that is good news in green.
    const money = (await screen.findByText('Charged', { selector: 'dt' })).closest('dl')!;
    expect(money).toHaveTextContent('Charged$1,205.0036 payments taken by Whop▲ 21% on the period before ($1,000.00)');
    expect(money).toHaveTextContent('Refunded$10.00▼ 50% on the period before ($20.00)');
    expect(money).toHaveTextContent('Lost to chargebacks$100.00New: nothing in the period before');
    expect(money).toHaveTextContent('Net kept$1,095.00charged − refunded − chargebacks▲ 12% on the period before ($980.00)');
    expect(money).toHaveTextContent('Credits owed to buyers72,480worth $724.80 at the average price paid, at the end of the period▲ 45% on the period before (50,000)');
    expect(within(money).getByText('▼ 50% on the period before ($20.00)')).toHaveClass('change-success');
    expect(within(money).getByText('New: nothing in the period before')).toHaveClass('change-danger');
    const figures = screen.getByText('Orders created').closest('dl')!;
    expect(figures).toHaveTextContent(
      'Orders created50▲ 25% on the period before (40)Completed35▲ 17% on the period before (30)Conversion70%completed ÷ createdPayment success94.6%',
    );
    expect(figures).toHaveTextContent('Buyers304 bought more than onceSame as the period before');
    expect(figures).toHaveTextContent('Average payment$33.47charged ÷ payments▲ 0% on the period before ($33.33)');
    expect(figures).toHaveTextContent('Credits granted90,5002,000 spent · 16,000 taken back · -20 adjusted by operators');
    expect(figures).toHaveTextContent('Declined attempts10%4 declined of 40 payment attempts');
    // The funnel: buyers per step, the share kept from the step before, and the period before; per pack on request.
    const funnel = screen.getByRole('region', { name: 'Purchase funnel' });
    expect(
      within(funnel)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual([
      'Opened the purchase dialog80 buyersperiod before: 100',
      'Chose a pack60 buyers75% of the step before · 20 dropped off · period before: 70',
      'Went to Whop’s checkout45 buyers75% of the step before · 15 dropped off · period before: 50',
      'Paid30 buyers66.7% of the step before · 15 dropped off · period before: 30',
    ]);
    await userEvent.click(within(funnel).getByRole('button', { name: 'Premium' }));
    expect(within(funnel).getAllByRole('listitem')[3]).toHaveTextContent('Paid10 buyers71.4% of the step before · 4 dropped off · period before: 8');
    const engineering = screen.getByRole('region', { name: 'Engineering' });
    expect(engineering).toHaveTextContent('Webhook handling, median4 msWebhook handling, 99th percentile37 msDeliveries answered 5xx3Whop retries these');
    expect(engineering).toHaveTextContent('Every balance matches its ledger');
    expect(await screen.findByRole('img', { name: 'Orders created and completed' })).toBeInTheDocument();
    expect(FakePlot.drawn.at(-2)).toEqual({
      labels: ['Created', 'Completed'],
      data: [
        [Date.parse('2026-11-25') / 1000, Date.parse('2026-11-26') / 1000],
        [40, 10],
        [30, 5],
      ],
    });
    expect(FakePlot.drawn.at(-1)).toMatchObject({ labels: ['Charged', 'Net'], data: [expect.any(Array), [1200, 5], [1200, -105]] });
    // Each legend names its series with the period's total (uPlot's own shows values only under the cursor).
    expect(screen.getAllByRole('list').find((l) => l.classList.contains('chart-legend') && l.textContent?.includes('Charged'))).toHaveTextContent(
      'Charged: $1,205.00 in the periodNet: $1,095.00 in the period',
    );
    expect(screen.getByRole('row', { name: /Premium 12 12 100% \$1,065\.00 \$965\.00 76,500/ })).toBeInTheDocument();
    const attention = screen.getByRole('region', { name: 'Needs attention' });
    expect(within(attention).getByRole('link', { name: 'Orders in review: 1' })).toHaveAttribute('href', '/admin/orders?status=review');
    expect(within(attention).getByRole('link', { name: review.id.slice(0, 8) })).toHaveAttribute('href', `/admin/orders/${review.id}`);
    // Disputes by the time Whop wants the evidence, soonest first, each with it.
    const disputes = within(attention).getByRole('link', { name: 'Disputed orders: 3' }).closest('div')!;
    expect(
      within(disputes)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual([
      `${dueSoon.id.slice(0, 8)} buyer-10 · respond at Whop by ${shownDate(dueSoon.respondBy!)}`,
      `${dueLate.id.slice(0, 8)} buyer-8 · respond at Whop by ${shownDate(dueLate.respondBy!)}`,
      `${answered.id.slice(0, 8)} buyer-9`,
    ]);
    expect(within(attention).getByRole('heading', { name: 'Objects from Whop that could not be read (skipped): 1' })).toBeInTheDocument();
    expect(attention).toHaveTextContent('payment pay_Unreadable01: payment pay_Unreadable01 is paid but has no total (seen 2×');
  });

  it('resolves a review order by keyboard alone, with an Idempotency-Key, and says what happened once the form has gone', async () => {
    backend.operator = true;
    const review = adminOrder({ status: 'review', statusReason: 'amount_mismatch' });
    const calls = adminApi([review]);
    renderApp(`/admin/orders/${review.id}`);
    expect(await screen.findByRole('heading', { name: `Order ${review.id}` })).toBeInTheDocument();
    expect(screen.getByText('a different amount was charged')).toBeInTheDocument();
    expect(screen.getByRole('region', { name: 'What Whop told' })).toHaveTextContent('pay_Held · paid · $15.00 · does not match the order: a different amount was charged');
    const form = screen.getByRole('region', { name: 'Resolve' });
    within(form)
      .getByRole('radio', { name: /Grant the credits/ })
      .focus();
    await userEvent.keyboard(' ');
    expect(within(form).getByRole('radio', { name: /Grant the credits/ })).toBeChecked();
    await userEvent.tab();
    await userEvent.keyboard('Paid $99.99 by mistake; buyer confirmed by email');
    await userEvent.tab();
    expect(within(form).getByRole('button', { name: 'Resolve the order' })).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    const done = await screen.findByText('Done: credited');
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Resolve' })).not.toBeInTheDocument());
    expect(done.closest('[tabindex="-1"]')).toHaveFocus();
    expect(screen.getByRole('heading', { name: `Order ${review.id}` }).parentElement).toHaveTextContent('Completed');
    expect(calls.resolve).toEqual([{ key: expect.stringMatching(/^[0-9a-f-]{36}$/), body: { action: 'grant', note: 'Paid $99.99 by mistake; buyer confirmed by email' } }]);
  });

  it('shows a review’s price and charge side by side, and refunds the difference named with its amount', async () => {
    backend.operator = true;
    const review = adminOrder({ status: 'review', statusReason: 'amount_mismatch' });
    const calls = adminApi([review]);
    renderApp(`/admin/orders/${review.id}`, { locale: 'zh-CN' });
    const form = await screen.findByRole('region', { name: '处理' });
    expect(within(form).getByText('价格', { selector: 'dt' }).closest('dl')).toHaveTextContent('价格US$10.00Whop 收取US$15.00差额+US$5.00');
    await userEvent.click(within(form).getByRole('radio', { name: /退还差额（US\$5\.00）/ }));
    await userEvent.type(within(form).getByRole('textbox'), '多收了 5 美元');
    await userEvent.click(within(form).getByRole('button', { name: '处理此订单' }));
    expect(await screen.findByText('已完成：已向 Whop 申请退款')).toBeInTheDocument();
    expect(calls.resolve.map((c) => c.body)).toEqual([{ action: 'refund_difference', note: '多收了 5 美元' }]);
  });

  it('shows until when Whop takes the evidence for a dispute waiting for it, and the way to Whop’s dashboard', async () => {
    backend.operator = true;
    const disputed = adminOrder({ status: 'disputed' });
    adminApi([disputed]);
    renderApp(`/admin/orders/${disputed.id}`);
    const whop = await screen.findByRole('region', { name: 'What Whop told' });
    expect(whop).toHaveTextContent(
      `dispute dp_Open: needs_response, $15.00 · respond at Whop by ${shownDate('2026-12-01T17:00:00.000Z')} · Open Whop’s dashboard (Disputes; payment pay_Held)`,
    );
    expect(within(whop).getByRole('link', { name: 'Open Whop’s dashboard' })).toHaveAttribute('href', 'https://whop.com/dashboard/biz_Test/');
  });

  it('offers a refund, and only that, on a completed order', async () => {
    backend.operator = true;
    const done = adminOrder({ status: 'completed', completionSource: 'webhook' });
    const calls = adminApi([done]);
    renderApp(`/admin/orders/${done.id}`);
    const form = await screen.findByRole('region', { name: 'Refund' });
    expect(within(form).getAllByRole('radio')).toHaveLength(1);
    expect(within(form).getByRole('radio', { name: /Refund through Whop/ })).toBeChecked();
    await userEvent.type(within(form).getByLabelText('Note (why; kept in the audit log)'), 'Buyer asked within 14 days');
    await userEvent.click(within(form).getByRole('button', { name: 'Refund through Whop' }));
    expect(await screen.findByText('Done: refund requested from Whop')).toBeInTheDocument();
    expect(calls.resolve.map((c) => c.body)).toEqual([{ action: 'refund', note: 'Buyer asked within 14 days' }]);
  });

  it('adjusts a balance with a reason, refusing zero before asking the API', async () => {
    backend.operator = true;
    const calls = adminApi([]);
    renderApp('/admin/users/buyer-9', { locale: 'en' });
    expect(await screen.findByTestId('user-balance')).toHaveTextContent('500');
    await userEvent.type(screen.getByLabelText('Credits (a negative number takes them back)'), '0');
    await userEvent.type(screen.getByLabelText('Reason (kept in the audit log)'), 'goodwill');
    await userEvent.click(screen.getByRole('button', { name: 'Adjust' }));
    expect(screen.getByText('Enter a whole number other than zero, and a reason.')).toBeInTheDocument();
    expect(calls.adjust).toEqual([]);
    await userEvent.clear(screen.getByLabelText('Credits (a negative number takes them back)'));
    await userEvent.type(screen.getByLabelText('Credits (a negative number takes them back)'), '-200');
    await userEvent.click(screen.getByRole('button', { name: 'Adjust' }));
    expect(await screen.findByText('Adjusted: the balance is now 300')).toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId('user-balance')).toHaveTextContent('300'));
    expect(calls.adjust).toEqual([{ key: expect.any(String), body: { credits: -200, reason: 'goodwill' } }]);
  });

  it('asks before an adjustment over the threshold or below zero, naming the amount and the balance it leaves', async () => {
    backend.operator = true;
    const calls = adminApi([]);
    renderApp('/admin/users/buyer-9', { locale: 'en' });
    expect(await screen.findByTestId('user-balance')).toHaveTextContent('500');
    const amount = screen.getByLabelText('Credits (a negative number takes them back)');
    await userEvent.type(amount, '-1000000');
    await userEvent.type(screen.getByLabelText('Reason (kept in the audit log)'), 'fraud');
    await userEvent.click(screen.getByRole('button', { name: 'Adjust' }));
    expect(screen.getByRole('alert')).toHaveTextContent('Take 1,000,000 credits from buyer-9? Their balance goes from 500 to -999,500.');
    expect(calls.adjust).toEqual([]);
    // Changed its mind: the question goes, nothing was sent; a smaller amount that still overdraws asks too.
    await userEvent.click(screen.getByRole('button', { name: 'Change it' }));
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    await userEvent.clear(amount);
    await userEvent.type(amount, '-600');
    await userEvent.click(screen.getByRole('button', { name: 'Adjust' }));
    expect(screen.getByRole('alert')).toHaveTextContent('Take 600 credits from buyer-9? Their balance goes from 500 to -100.');
    await userEvent.click(screen.getByRole('button', { name: 'Yes, adjust by -600' }));
    expect(await screen.findByText('Adjusted: the balance is now -100')).toBeInTheDocument();
    expect(calls.adjust).toEqual([{ key: expect.any(String), body: { credits: -600, reason: 'fraud' } }]);
    // A gift under the threshold goes at once.
    await userEvent.type(amount, '9999');
    await userEvent.type(screen.getByLabelText('Reason (kept in the audit log)'), 'sorry');
    await userEvent.click(screen.getByRole('button', { name: 'Adjust' }));
    await waitFor(() => expect(calls.adjust).toHaveLength(2));
  });

  it('lists the events told to the host app with how their delivery went, filters them, and sends one again', async () => {
    backend.operator = true;
    const event = (id: string, over: object) =>
      adminEventSchema.parse({
        id,
        type: 'credits.granted',
        userId: 'buyer-9',
        payload: { type: 'credits.granted', timestamp: '2026-11-25T10:00:00.000Z', data: { userId: 'buyer-9', credits: 1_000, balance: 1_000 } },
        createdAt: '2026-11-25T10:00:00.000Z',
        attempts: 1,
        nextAttemptAt: '2026-11-25T10:00:00.000Z',
        deliveredAt: '2026-11-25T10:00:01.000Z',
        lastStatus: 204,
        lastError: null,
        ...over,
      });
    const asked: string[] = [];
    const sentAgain: string[] = [];
    server.use(
      http.get('/api/admin/events', ({ request }) => {
        const status = new URL(request.url).searchParams.get('status');
        asked.push(status ?? 'all');
        const failing = event('msg_b', { type: 'credits.spent', attempts: 3, deliveredAt: null, lastStatus: 503, lastError: 'answered 503', payload: { data: { credits: 40 } } });
        const events = status === 'failing' ? [failing] : [failing, event('msg_a', {})];
        return HttpResponse.json(adminEventsResponseSchema.parse({ events, nextCursor: null }));
      }),
      http.post('/api/admin/events/:id/redeliver', ({ params }) => {
        sentAgain.push(String(params.id));
        return HttpResponse.json({ event: event(String(params.id), { deliveredAt: null }) });
      }),
    );
    renderApp('/admin/events', { locale: 'en' });
    expect(await screen.findByRole('heading', { name: 'Events told to your app' })).toBeInTheDocument();
    const rows = await screen.findAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(within(rows[1]!).getByText('credits.spent')).toBeInTheDocument();
    expect(within(rows[1]!).getByText(/failed: answered 503/)).toBeInTheDocument();
    expect(within(rows[2]!).getByText(/delivered/)).toBeInTheDocument();
    await userEvent.selectOptions(screen.getByLabelText('Show'), 'Failing');
    await waitFor(() => expect(screen.getAllByRole('row')).toHaveLength(2));
    expect(asked).toEqual(['all', 'failing']);
    await userEvent.click(screen.getByRole('button', { name: 'Send msg_b again' }));
    expect(await screen.findByText('It goes again as soon as this buyer’s earlier events have gone.')).toBeInTheDocument();
    expect(sentAgain).toEqual(['msg_b']);
  });

  it('keeps an adjustment’s Idempotency-Key when it is sent again after a failure, even edited', async () => {
    backend.operator = true;
    const calls = adminApi([]);
    let failNext = true;
    server.use(
      http.post('/api/admin/users/:userId/adjustments', async ({ request }) => {
        if (!failNext) return undefined;
        failNext = false;
        calls.adjust.push({ key: request.headers.get('Idempotency-Key'), body: await request.json() });
        return new HttpResponse('gateway timeout', { status: 504 });
      }),
    );
    renderApp('/admin/users/buyer-9');
    await screen.findByTestId('user-balance');
    await userEvent.type(screen.getByLabelText('Credits (a negative number takes them back)'), '200');
    await userEvent.type(screen.getByLabelText('Reason (kept in the audit log)'), 'goodwil');
    await userEvent.click(screen.getByRole('button', { name: 'Adjust' }));
    expect(await screen.findByRole('alert')).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText('Reason (kept in the audit log)'), 'l');
    await userEvent.click(screen.getByRole('button', { name: 'Adjust' }));
    expect(await screen.findByText('Adjusted: the balance is now 700')).toBeInTheDocument();
    expect(calls.adjust.map((c) => c.key)).toEqual([calls.adjust[0]!.key, calls.adjust[0]!.key]);
    expect(calls.adjust[1]!.body).toEqual({ credits: 200, reason: 'goodwill' });
  });

  it('says user ids are matched exactly, and links the ones that differ only in case', async () => {
    backend.operator = true;
    adminApi([adminOrder({ userId: 'Writer-7' }), adminOrder({ userId: 'writer-7' })]);
    renderApp('/admin/orders?q=WRITER-7');
    expect(await screen.findByText('No orders match.')).toBeInTheDocument();
    const notice = screen.getByText(/User ids are matched exactly, case included/);
    expect(within(notice).getByRole('link', { name: 'Writer-7' })).toHaveAttribute('href', '/admin/users/Writer-7');
    expect(within(notice).getByRole('link', { name: 'writer-7' })).toHaveAttribute('href', '/admin/users/writer-7');
    expect(screen.getByLabelText(/^Search/)).toHaveAccessibleDescription(
      'An order id or its first 6 characters or more, a user id (exactly, case included), a Whop payment or checkout id',
    );

    await userEvent.click(within(notice).getByRole('link', { name: 'writer-7' }));
    expect(await screen.findByRole('heading', { name: 'User writer-7' })).toBeInTheDocument();
    expect(await screen.findByText(/User ids are matched exactly/)).toHaveTextContent('These exist and differ only in case: Writer-7');
  });

  it('lists the users whose id starts with what was searched, beside the orders', async () => {
    backend.operator = true;
    adminApi([adminOrder({ userId: 'writer-7' }), adminOrder({ userId: 'writer-70' }), adminOrder({ userId: 'reader-1' })]);
    renderApp('/admin/orders?q=writer-7');
    const found = await screen.findByRole('heading', { name: 'Users whose id starts with “writer-7”' });
    expect(
      within(found.parentElement!)
        .getAllByRole('link')
        .map((l) => [l.textContent, l.getAttribute('href')]),
    ).toEqual([
      ['writer-7', '/admin/users/writer-7'],
      ['writer-70', '/admin/users/writer-70'],
    ]);
  });

  it('reads whole UTC days back from the address: the last day shown is the one before `to`', async () => {
    backend.operator = true;
    adminApi([]);
    renderApp('/admin/orders?from=2026-11-01T00%3A00%3A00.000Z&to=2026-11-04T00%3A00%3A00.000Z');
    expect(await screen.findByLabelText('Created from')).toHaveValue('2026-11-01');
    expect(screen.getByLabelText('Created on or before')).toHaveValue('2026-11-03');
  });

  it('asks for whole UTC hours and days, the current one last', () => {
    const now = Date.parse('2026-11-27T19:34:56Z');
    expect(periodRange('24h', now)).toEqual({ from: '2026-11-26T20:00:00.000Z', to: '2026-11-27T20:00:00.000Z', interval: 'hour' });
    expect(periodRange('7d', now)).toEqual({ from: '2026-11-21T00:00:00.000Z', to: '2026-11-28T00:00:00.000Z', interval: 'day' });
    expect(periodRange('30d', now).from).toBe('2026-10-29T00:00:00.000Z');
  });

  it('speaks Chinese', async () => {
    backend.operator = true;
    adminApi([]);
    renderApp('/admin', { locale: 'zh-CN' });
    expect(await screen.findByRole('heading', { name: '概览' })).toBeInTheDocument();
    expect(await screen.findByText('所有余额与账本一致')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: '控制台' })).toBeInTheDocument();
    expect(await screen.findByRole('heading', { name: '无法读取的 Whop 对象（已跳过）：1' })).toBeInTheDocument();
  });

  it('says the ledger’s own memos in the reader’s language, and a person’s or an app’s words as they are', async () => {
    backend.operator = true;
    adminApi([]);
    const entry = (id: string, kind: 'grant' | 'refund' | 'spend' | 'adjustment', credits: number, memo: string) => ({
      id,
      kind,
      credits,
      paymentId: null,
      memo,
      createdAt: '2026-11-25T10:00:00.000Z',
    });
    server.use(
      http.get('/api/admin/users/:userId', ({ params }) =>
        HttpResponse.json(
          adminUserSchema.parse({
            userId: params.userId,
            balance: 380,
            ledger: [
              entry('4', 'adjustment', 5, 'Goodwill after an outage'),
              entry('3', 'spend', -120, 'Generated a chapter'),
              entry('2', 'refund', -500, memoText({ code: 'refund', refundId: 'rf_1', paymentId: 'pay_1', status: 'succeeded' })),
              entry('1', 'grant', 1_000, memoText({ code: 'payment', paymentId: 'pay_1' })),
            ],
            orders: [],
            audit: [],
            userIdsInOtherCase: [],
          }),
        ),
      ),
    );
    renderApp('/admin/users/buyer-9', { locale: 'zh-CN' });
    const table = await screen.findByRole('region', { name: '积分流水（最新 50 条）：表格' });
    expect(
      within(table)
        .getAllByRole('row')
        .slice(1)
        .map((row) => within(row).getAllByRole('cell').at(-1)!.textContent),
    ).toEqual(['Goodwill after an outage', 'Generated a chapter', 'Whop 付款 pay_1 的退款 rf_1：已成功', 'Whop 付款 pay_1']);
  });
});
