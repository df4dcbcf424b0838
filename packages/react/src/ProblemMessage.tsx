import { useEffect, useState, type ReactNode } from 'react';
import { ApiError } from './api';
import { useCreditsContext } from './CreditsProvider';
import { problemKey } from './problems';
import { ErrorMessage } from './ui/feedback';

/** Seconds left before `error` may be retried, ticking down; null when the API gave no time. */
export function useRetryCountdown(error: unknown): number | null {
  const deadline = error instanceof ApiError && error.retryAfterSeconds !== null ? error.receivedAt + error.retryAfterSeconds * 1000 : null;
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (deadline === null) return;
    const timer = setInterval(() => {
      const current = Date.now();
      setNow(current);
      if (current >= deadline) clearInterval(timer);
    }, 1_000);
    return () => clearInterval(timer);
  }, [deadline]);
  return deadline === null ? null : Math.max(0, Math.ceil((deadline - now) / 1000));
}

/**
 * An error from the API in the buyer's language; a rate limit counts down to when they may try
 * again. With `onRetry`, a retry button (held back until then).
 */
export function ProblemMessage({ error, onRetry, children }: { error: unknown; onRetry?(): void; children?: ReactNode }) {
  const { t } = useCreditsContext();
  const seconds = useRetryCountdown(error);
  const key = problemKey(error);
  let text: ReactNode;
  if (key !== 'error.rateLimited') text = t(key);
  else if (seconds === null) text = t('error.rateLimitedSoon');
  else if (seconds === 0) text = t('error.rateLimitedNow');
  else {
    // The alert is read once, with the wait as it was; only the visible number ticks.
    const initial = error instanceof ApiError ? (error.retryAfterSeconds ?? seconds) : seconds;
    text = (
      <>
        <span className="countdown" aria-hidden="true">
          {t(key, { seconds })}
        </span>
        <span className="visually-hidden">{t(key, { seconds: initial })}</span>
      </>
    );
  }
  return (
    <ErrorMessage
      action={
        onRetry ? (
          <button type="button" onClick={onRetry} disabled={seconds !== null && seconds > 0}>
            {t('common.retry')}
          </button>
        ) : null
      }
    >
      {text}
      {children}
    </ErrorMessage>
  );
}
