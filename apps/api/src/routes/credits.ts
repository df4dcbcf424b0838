import { Router } from 'express';
import { currentUser, requireUser } from '../auth/jwt';
import type { PaymentService } from '../services/PaymentService';

export function creditRoutes({ service, jwtSecret }: { service: PaymentService; jwtSecret: string }): Router {
  const router = Router();
  router.get('/', requireUser(jwtSecret), async (req, res) => {
    res.json({ balance: await service.getBalance(currentUser(req).id) });
  });
  return router;
}
