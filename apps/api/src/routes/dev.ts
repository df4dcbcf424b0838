import express, { Router, type RequestHandler } from 'express';
import { devClockBodySchema, devTokenBodySchema } from '@credits/shared';
import type { Clock } from '../Clock';
import { signToken } from '../auth/jwt';
import { parse } from '../http/validate';

const TOKEN_LIFETIME_SECONDS = 24 * 60 * 60;

/** Development sign-in: mounted only outside production, so the product can be tried without a host app. */
export function devRoutes({ jwtSecret, limit, clock }: { jwtSecret: string; limit: RequestHandler; clock: Clock | null }): Router {
  const router = Router();
  // Lets the web app know sign-in is offered here (the route is absent in production).
  router.get('/', (_req, res) => {
    res.json({ devSignIn: true });
  });
  router.post('/token', limit, express.json({ limit: '4kb' }), (req, res) => {
    const { userId, role = null } = parse(devTokenBodySchema, req.body);
    const token = signToken(userId, jwtSecret, TOKEN_LIFETIME_SECONDS, role);
    res.status(201).json({ token, tokenType: 'Bearer', expiresIn: TOKEN_LIFETIME_SECONDS, userId, role });
  });
  // Demo data over past days (npm run seed:demo -- --days 30): what the product records is dated by this clock. Local hosts
  // only, as the rest of these routes; under the API's limit per IP, not the sign-ins' (the seed moves it once an hour of data).
  if (clock) {
    router.put('/clock', express.json({ limit: '1kb' }), (req, res) => {
      const { at } = parse(devClockBodySchema, req.body);
      clock.set(at === null ? null : new Date(at));
      res.json({ now: clock.now().toISOString() });
    });
  }
  return router;
}
