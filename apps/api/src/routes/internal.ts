import { Router, type Request, type Response } from 'express';
import { requireSecret } from '../auth/jwt';
import type { Sweeper } from '../services/Sweeper';

/**
 * For schedulers, not people: the sweep (reconciliation, expiry, ledger check) on demand. Vercel Cron
 * calls it with GET and `Authorization: Bearer $CRON_SECRET`.
 */
export function internalRoutes({ sweeper, cronSecret }: { sweeper: Sweeper; cronSecret: string | null }): Router {
  const router = Router();
  const sweep = async (_req: Request, res: Response) => {
    const report = await sweeper.runOnce();
    res.json({ ...report, ledgerDifferences: report.ledgerDifferences.length });
  };
  router.get('/sweep', requireSecret(cronSecret, 'The sweep endpoint'), sweep);
  router.post('/sweep', requireSecret(cronSecret, 'The sweep endpoint'), sweep);
  return router;
}
