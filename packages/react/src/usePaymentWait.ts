import { useEffect, useEffectEvent, useRef, useState } from 'react';
import { useCreditsContext } from './CreditsProvider';
import { creditsKeys } from './hooks';
import type { Order } from './types';

/**
 * How the page waits for a payment the buyer says they made: it reads the order again after a
 * growing delay (backing off to `maxDelayMs`), asks the API to re-check with Whop at most every
 * `recheckEveryMs`, calls it "still processing" after `processingAfterMs`, and stops after
 * `maxWaitMs` (the buyer can ask again).
 */
export const RESULT_TIMINGS = { firstDelayMs: 1_000, backoff: 1.6, maxDelayMs: 15_000, processingAfterMs: 4_000, recheckEveryMs: 5_000, maxWaitMs: 90_000 };

/**
 * While `active` (the buyer says they paid and the order is pending): re-reads the order with a
 * backing-off delay and asks the API to re-check it with Whop now and then, until the wait is over.
 */
export function usePaymentWait(id: string, active: boolean, store: (payment: Order) => void) {
  const { api, queryClient } = useCreditsContext();
  const [startedAt, setStartedAt] = useState(() => Date.now());
  const [now, setNow] = useState(() => Date.now());
  const [attempt, setAttempt] = useState(0);
  const lastRecheck = useRef(0);
  const elapsedMs = now - startedAt;
  const waiting = elapsedMs < RESULT_TIMINGS.maxWaitMs;
  const onPayment = useEffectEvent(store);

  useEffect(() => {
    if (!active || !waiting) return;
    const delay = Math.min(RESULT_TIMINGS.firstDelayMs * RESULT_TIMINGS.backoff ** attempt, RESULT_TIMINGS.maxDelayMs);
    const timer = setTimeout(() => {
      const current = Date.now();
      setNow(current);
      if (current - startedAt >= RESULT_TIMINGS.maxWaitMs) return;
      if (current - lastRecheck.current >= RESULT_TIMINGS.recheckEveryMs) {
        lastRecheck.current = current;
        api<{ payment: Order }>('POST', 'payment', `/api/payment/${encodeURIComponent(id)}/refresh`)
          .then(({ payment }) => onPayment(payment))
          .catch(() => undefined);
      } else {
        void queryClient.invalidateQueries({ queryKey: creditsKeys.order(id) });
      }
      setAttempt((n) => n + 1);
    }, delay);
    return () => clearTimeout(timer);
  }, [active, waiting, attempt, startedAt, id, api, queryClient]);

  return {
    elapsedMs,
    waiting,
    restart: () => {
      lastRecheck.current = 0;
      setAttempt(0);
      setStartedAt(Date.now() - RESULT_TIMINGS.processingAfterMs);
      setNow(Date.now());
    },
  };
}
