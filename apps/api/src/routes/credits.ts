import express, { Router } from 'express';
import { idempotencyKeySchema, ledgerQuerySchema, serviceSpendBodySchema, spendBodySchema } from '@credits/shared';
import { currentUser, requireUser, requireUserOrService, type TokenVerifier } from '../auth/jwt';
import { ValidationError } from '../errors';
import { parse } from '../http/validate';
import type { CreditService } from '../services/CreditService';

export interface CreditRoutesDeps {
  credits: CreditService;
  tokens: TokenVerifier;
  /** The host app's backend may spend for a user with this key (SERVICE_API_KEY). */
  serviceApiKey: string | null;
}

export function creditRoutes({ credits, tokens, serviceApiKey }: CreditRoutesDeps): Router {
  const router = Router();
  const user = requireUser(tokens);

  router.get('/', user, async (req, res) => {
    res.json({ balance: await credits.getBalance(currentUser(req).id) });
  });

  router.get('/ledger', user, async (req, res) => {
    const page = await credits.listLedger(currentUser(req).id, parse(ledgerQuerySchema, req.query, 'query string'));
    res.json({
      entries: page.items.map((e) => ({ id: e.id, kind: e.kind, credits: e.credits, paymentId: e.orderId, memo: e.memo, createdAt: e.createdAt.toISOString() })),
      nextCursor: page.nextCursor,
    });
  });

  router.post('/spend', requireUserOrService(tokens, serviceApiKey), express.json({ limit: '4kb' }), async (req, res) => {
    const key = req.get('idempotency-key');
    if (key === undefined)
      throw new ValidationError('An Idempotency-Key header is required: a retried spend must not spend twice.', [{ path: 'Idempotency-Key', message: 'required' }]);
    const idempotencyKey = parse(idempotencyKeySchema, key, 'Idempotency-Key header');
    const body = req.service ? parse(serviceSpendBodySchema, req.body) : { ...parse(spendBodySchema, req.body), userId: currentUser(req).id };
    const result = await credits.spend({ ...body, idempotencyKey });
    if (result.replayed) res.set('Idempotent-Replayed', 'true');
    res.json({ spent: result.spent, balance: result.balance, entryId: result.entryId });
  });

  return router;
}
