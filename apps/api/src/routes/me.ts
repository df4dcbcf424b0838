import { Router } from 'express';
import { currentUser, isOperator, requireUser, type Operators, type TokenVerifier } from '../auth/jwt';

/** Who the caller is, as the web app needs to know: the user id, and whether to offer the operator console. */
export function meRoutes({ tokens, operators }: { tokens: TokenVerifier; operators: Operators }): Router {
  const router = Router();
  router.get('/', requireUser(tokens), (req, res) => {
    const user = currentUser(req);
    res.json({ userId: user.id, operator: isOperator(user, operators) });
  });
  return router;
}
