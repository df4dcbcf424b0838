import { Router } from 'express';
import { currentUser, isOperator, requireUser, type Operators } from '../auth/jwt';

/** Who the caller is, as the web app needs to know: the user id, and whether to offer the operator console. */
export function meRoutes({ jwtSecret, operators }: { jwtSecret: string; operators: Operators }): Router {
  const router = Router();
  router.get('/', requireUser(jwtSecret), (req, res) => {
    const user = currentUser(req);
    res.json({ userId: user.id, operator: isOperator(user, operators) });
  });
  return router;
}
