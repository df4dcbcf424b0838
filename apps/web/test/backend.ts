import { http, HttpResponse, delay } from 'msw';
import { setupServer } from 'msw/node';
import {
  DEFAULT_PACKAGES,
  balanceResponseSchema,
  createPaymentBodySchema,
  devTokenBodySchema,
  devTokenResponseSchema,
  findPackage,
  historyResponseSchema,
  meResponseSchema,
  isUnpaid,
  packagesResponseSchema,
  paymentResponseSchema,
  paymentSchema,
  type PaymentDto,
  type PaymentStatus,
  type Problem,
  type ProblemCode,
  funnelStepBodySchema,
  ledgerResponseSchema,
  type LedgerEntryDto,
} from '@credits/shared';

/**
 * A stand-in for the API at the network boundary. Request bodies are parsed and responses built
 * with the shared schemas, so a handler cannot drift from the real contract unnoticed.
 */
export const backend = {
  balance: 0,
  payments: [] as PaymentDto[],
  createCalls: 0,
  /** The buyer's language each create asked Whop's checkout to speak. */
  createLocales: [] as Array<string | undefined>,
  refreshCalls: 0,
  cancelCalls: 0,
  devSignIn: true,
  /** Whether GET /api/me says the signed-in user is an operator. */
  operator: false,
  /** When set, POST /create answers this problem (with these headers). */
  createProblem: null as Problem | null,
  createProblemHeaders: {} as Record<string, string>,
  /** When set, POST /{id}/cancel answers this problem. */
  cancelProblem: null as Problem | null,
  /** What a refresh does to a pending order. */
  onRefresh: null as ((p: PaymentDto) => void) | null,
  /** The buyer's ledger, oldest first (GET /api/credits/ledger pages it newest first). */
  ledger: [] as LedgerEntryDto[],
  /** The purchase steps the browser told, in order (the body as sent). */
  funnel: [] as Array<{ step: string; packageId?: string }>,
  unhandled: [] as string[],
  reset() {
    this.funnel = [];
    this.ledger = [];
    this.balance = 0;
    this.payments = [];
    this.createCalls = 0;
    this.createLocales = [];
    this.refreshCalls = 0;
    this.cancelCalls = 0;
    this.devSignIn = true;
    this.operator = false;
    this.createProblem = null;
    this.createProblemHeaders = {};
    this.cancelProblem = null;
    this.onRefresh = null;
    this.unhandled = [];
  },
};

let seq = 0;
export function buildPayment(overrides: Partial<PaymentDto> = {}): PaymentDto {
  seq += 1;
  const pack = findPackage(DEFAULT_PACKAGES, overrides.packageId ?? 'standard')!;
  // An hour ago, one second apart in the order they were built: open orders still have most of a day to run.
  const created = new Date(Math.floor(Date.now() / 1000) * 1000 - 3_600_000 + seq * 1000).toISOString();
  return paymentSchema.parse({
    id: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
    userId: 'demo',
    packageId: pack.id,
    packNames: pack.names,
    credits: pack.totalCredits,
    amountCents: pack.priceCents,
    currency: 'usd',
    status: 'pending',
    checkoutUrl: `https://whop.test/checkout/plan_x/?session=ch_${seq}`,
    whopCheckoutId: `ch_${seq}`,
    whopPaymentId: null,
    createdAt: created,
    updatedAt: created,
    completedAt: null,
    expiresAt: new Date(Date.parse(created) + 24 * 3_600_000).toISOString(),
    secondPayments: [],
    chargedCents: 0,
    taxCents: 0,
    refundedCents: 0,
    creditsTakenBack: 0,
    creditsHeld: 0,
    ...overrides,
  });
}

/** A date as the English interface shows it. */
export const shownDate = (iso: string) => new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));

export function settle(payment: PaymentDto, status: PaymentStatus): void {
  payment.status = status;
  if (status !== 'pending') payment.expiresAt = null;
  if (status === 'completed') {
    payment.whopPaymentId = 'pay_Test1234567890';
    payment.completedAt = new Date(Date.parse(payment.createdAt) + 60_000).toISOString();
    backend.balance += payment.credits;
  }
}

const problem = (status: number, code: ProblemCode, detail: string): Problem => ({ type: `urn:credits:problem:${code}`, title: code, status, detail, code });
const problemResponse = (p: Problem, headers: Record<string, string> = {}) =>
  HttpResponse.json(p, { status: p.status, headers: { 'Content-Type': 'application/problem+json', ...headers } });

function authorized(request: Request): boolean {
  return /^Bearer \S+$/.test(request.headers.get('Authorization') ?? '');
}

/** A JWT's `sub`, as the API would read it (unsigned tokens from fakeJwt too); opaque test tokens have none. */
function subjectOf(request: Request): string | null {
  const payload = (request.headers.get('Authorization') ?? '').replace(/^Bearer /, '').split('.')[1];
  if (!payload) return null;
  try {
    return (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { sub?: string }).sub ?? null;
  } catch {
    return null;
  }
}

/** A token shaped like a JWT naming `sub` (the web app reads `sub` only to compare and show who is signed in). */
export function fakeJwt(sub: string): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ sub, exp: 4_102_444_800 })}.signature`;
}

const handlers = [
  http.post('/api/events/funnel', async ({ request }) => {
    if (!authorized(request)) return problemResponse(problem(401, 'unauthorized', 'A valid Bearer token is required.'));
    const body = funnelStepBodySchema.safeParse(await request.json());
    if (!body.success) return problemResponse(problem(400, 'validation_failed', 'The request body is invalid.'));
    backend.funnel.push(body.data);
    return new HttpResponse(null, { status: 204 });
  }),
  http.get('/api/payment/packages', () => HttpResponse.json(packagesResponseSchema.parse({ packages: DEFAULT_PACKAGES }))),
  http.get('/api/credits', ({ request }) => {
    if (!authorized(request)) return problemResponse(problem(401, 'unauthorized', 'A valid Bearer token is required.'));
    return HttpResponse.json(balanceResponseSchema.parse({ balance: backend.balance, held: 0, available: Math.max(0, backend.balance) }));
  }),
  http.post('/api/payment/create', async ({ request }) => {
    backend.createCalls += 1;
    const body = createPaymentBodySchema.safeParse(await request.json());
    if (!body.success) return problemResponse(problem(400, 'validation_failed', 'The request body is invalid.'));
    backend.createLocales.push(body.data.locale);
    await delay(50);
    if (backend.createProblem) return problemResponse(backend.createProblem, backend.createProblemHeaders);
    // As the API does: the buyer's open order of the pack is resumed.
    const open = backend.payments.find((p) => p.packageId === body.data.packageId && p.status === 'pending');
    if (open) return HttpResponse.json(paymentResponseSchema.parse({ payment: open }), { status: 200 });
    const payment = buildPayment({ packageId: body.data.packageId });
    backend.payments.push(payment);
    return HttpResponse.json(paymentResponseSchema.parse({ payment }), { status: 201 });
  }),
  http.get('/api/credits/ledger', ({ request }) => {
    if (!authorized(request)) return problemResponse(problem(401, 'unauthorized', 'A valid Bearer token is required.'));
    const url = new URL(request.url);
    const limit = Number(url.searchParams.get('limit') ?? 20);
    const start = Number(url.searchParams.get('cursor') ?? 0);
    const sorted = [...backend.ledger].reverse();
    return HttpResponse.json(ledgerResponseSchema.parse({ entries: sorted.slice(start, start + limit), nextCursor: start + limit < sorted.length ? String(start + limit) : null }));
  }),
  http.get('/api/payment/user/history', ({ request }) => {
    const url = new URL(request.url);
    const limit = Number(url.searchParams.get('limit') ?? 20);
    const start = Number(url.searchParams.get('cursor') ?? 0);
    const sorted = [...backend.payments].reverse();
    const page = sorted.slice(start, start + limit);
    return HttpResponse.json(historyResponseSchema.parse({ payments: page, nextCursor: start + limit < sorted.length ? String(start + limit) : null }));
  }),
  http.post('/api/payment/:id/refresh', ({ params }) => {
    backend.refreshCalls += 1;
    const payment = backend.payments.find((p) => p.id === params.id);
    if (!payment) return problemResponse(problem(404, 'payment_not_found', 'No such payment.'));
    if (isUnpaid(payment.status)) backend.onRefresh?.(payment);
    return HttpResponse.json(paymentResponseSchema.parse({ payment }));
  }),
  http.post('/api/payment/:id/cancel', ({ params }) => {
    backend.cancelCalls += 1;
    const payment = backend.payments.find((p) => p.id === params.id);
    if (!payment) return problemResponse(problem(404, 'payment_not_found', 'No such payment.'));
    if (backend.cancelProblem) return problemResponse(backend.cancelProblem);
    if (payment.status === 'pending') settle(payment, 'cancelled');
    return HttpResponse.json(paymentResponseSchema.parse({ payment }));
  }),
  http.get('/api/payment/:id', ({ params, request }) => {
    if (!authorized(request)) return problemResponse(problem(401, 'unauthorized', 'A valid Bearer token is required.'));
    const payment = backend.payments.find((p) => p.id === params.id);
    if (!payment) return problemResponse(problem(404, 'payment_not_found', 'No such payment.'));
    return HttpResponse.json(paymentResponseSchema.parse({ payment }));
  }),
  http.get('/api/me', ({ request }) =>
    authorized(request)
      ? HttpResponse.json(meResponseSchema.parse({ userId: subjectOf(request) ?? 'demo', operator: backend.operator }))
      : problemResponse(problem(401, 'unauthorized', 'Sign in.')),
  ),
  http.get('/api/dev', () => (backend.devSignIn ? HttpResponse.json({ devSignIn: true }) : problemResponse(problem(404, 'route_not_found', 'No route.')))),
  http.post('/api/dev/token', async ({ request }) => {
    const { userId, role = null } = devTokenBodySchema.parse(await request.json());
    return HttpResponse.json(devTokenResponseSchema.parse({ token: `token-for-${userId}`, tokenType: 'Bearer', expiresIn: 86_400, userId, role }), { status: 201 });
  }),
];

export const server = setupServer(...handlers);
