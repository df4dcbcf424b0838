import express, { Router, type RequestHandler } from 'express';
import { funnelStepBodySchema } from '@credits/shared';
import { currentUser, requireUser, type TokenVerifier } from '../auth/jwt';
import { parse } from '../http/validate';
import type { PaymentService } from '../services/PaymentService';

/**
 * What buyers' browsers tell of a purchase before there is an order: first-party, signed in, the
 * user id and the step only. A step repeated the same day changes nothing (204 either way).
 */
export function eventRoutes({ payments, tokens, limit }: { payments: PaymentService; tokens: TokenVerifier; limit: RequestHandler }): Router {
  const router = Router();
  router.post('/funnel', requireUser(tokens), limit, express.json({ limit: '1kb' }), async (req, res) => {
    const { step, packageId } = parse(funnelStepBodySchema, req.body);
    await payments.recordFunnelStep(currentUser(req).id, step, packageId ?? null);
    res.status(204).end();
  });
  return router;
}
