import express, { type Router } from 'express';
import { Webhook } from 'standardwebhooks';

/** An event the credits API told the host about (docs/integration.md, "Being told: events"). */
export interface CreditsEvent {
  id: string;
  type: string;
  data: { userId: string; credits: number; balance: number; available: number; reason: string };
}

/**
 * The host's receiver of credit events: each one's signature verified with the secret, each
 * `webhook-id` taken once (deliveries are at least once), kept for the page to show.
 */
export function eventsReceiver(secret: string): { router: Router; forUser(userId: string): CreditsEvent[] } {
  const events = new Webhook(secret);
  const received = new Map<string, CreditsEvent>();
  const router = express.Router();
  router.post('/host/credits-events', express.text({ type: 'application/json' }), (req, res) => {
    let event: Omit<CreditsEvent, 'id'>;
    try {
      event = events.verify(req.body as string, req.headers as Record<string, string>) as Omit<CreditsEvent, 'id'>;
    } catch {
      res.sendStatus(400);
      return;
    }
    const id = req.get('webhook-id')!;
    if (!received.has(id)) received.set(id, { id, ...event });
    res.sendStatus(204);
  });
  return { router, forUser: (userId) => [...received.values()].filter((e) => e.data.userId === userId) };
}
