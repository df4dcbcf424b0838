import express, { Router } from 'express';
import {
  captureBodySchema,
  holdBodySchema,
  idempotencyKeySchema,
  isPaymentId,
  ledgerQuerySchema,
  serviceHoldBodySchema,
  serviceSpendBodySchema,
  spendBodySchema,
} from '@credits/shared';
import { currentUser, requireUser, requireUserOrService, type TokenVerifier } from '../auth/jwt';
import { holdJson, type Hold } from '../domain/holds';
import { NotFoundError, ValidationError } from '../errors';
import { parse } from '../http/validate';
import type { CreditService, Credits } from '../services/CreditService';

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
    res.json(await credits.getCredits(currentUser(req).id));
  });

  router.get('/ledger', user, async (req, res) => {
    const page = await credits.listLedger(currentUser(req).id, parse(ledgerQuerySchema, req.query, 'query string'));
    res.json({
      entries: page.items.map((e) => ({ id: e.id, kind: e.kind, credits: e.credits, paymentId: e.orderId, memo: e.memo, createdAt: e.createdAt.toISOString() })),
      nextCursor: page.nextCursor,
    });
  });

  const userOrService = requireUserOrService(tokens, serviceApiKey);
  router.post('/spend', userOrService, express.json({ limit: '4kb' }), async (req, res) => {
    const idempotencyKey = requiredKey(req.get('idempotency-key'), 'a retried spend must not spend twice');
    const body = req.service ? parse(serviceSpendBodySchema, req.body) : { ...parse(spendBodySchema, req.body), userId: currentUser(req).id };
    const result = await credits.spend({ ...body, idempotencyKey });
    if (result.replayed) res.set('Idempotent-Replayed', 'true');
    res.json({ spent: result.spent, balance: result.balance, entryId: result.entryId });
  });

  router.post('/holds', userOrService, express.json({ limit: '4kb' }), async (req, res) => {
    const idempotencyKey = requiredKey(req.get('idempotency-key'), 'a retried hold must not hold twice');
    const body = req.service ? parse(serviceHoldBodySchema, req.body) : { ...parse(holdBodySchema, req.body), userId: currentUser(req).id };
    const result = await credits.hold({ ...body, idempotencyKey });
    if (result.replayed) res.set('Idempotent-Replayed', 'true');
    res.status(201).location(`${req.baseUrl}/holds/${result.hold.id}`).json(holdResponse(result.hold, result.credits));
  });

  router.post('/holds/:holdId/capture', userOrService, express.json({ limit: '1kb' }), async (req, res) => {
    const { credits: spend } = parse(captureBodySchema, req.body);
    const result = await credits.settle(req.service ? null : currentUser(req).id, holdIdParam(req.params.holdId), { kind: 'capture', credits: spend });
    if (result.replayed) res.set('Idempotent-Replayed', 'true');
    res.json(holdResponse(result.hold, result.credits));
  });

  router.post('/holds/:holdId/release', userOrService, async (req, res) => {
    const result = await credits.settle(req.service ? null : currentUser(req).id, holdIdParam(req.params.holdId), { kind: 'release' });
    if (result.replayed) res.set('Idempotent-Replayed', 'true');
    res.json(holdResponse(result.hold, result.credits));
  });

  return router;
}

function requiredKey(key: string | undefined, why: string): string {
  if (key === undefined) throw new ValidationError(`An Idempotency-Key header is required: ${why}.`, [{ path: 'Idempotency-Key', message: 'required' }]);
  return parse(idempotencyKeySchema, key, 'Idempotency-Key header');
}

/** Hold ids are UUIDs: anything else names no hold, answered as a missing one. */
function holdIdParam(value: string | string[] | undefined): string {
  if (!isPaymentId(value)) throw new NotFoundError('No such hold.', 'hold_not_found');
  return value.toLowerCase();
}

function holdResponse(hold: Hold, credits: Credits) {
  return { hold: holdJson(hold), ...credits };
}
