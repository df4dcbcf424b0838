import type { ReactNode } from 'react';

export function Spinner({ label }: { label: string }) {
  return (
    <p className="spinner" role="status" aria-live="polite">
      <span className="spinner-dot" aria-hidden="true" />
      {label}
    </p>
  );
}

export function ErrorMessage({ children, action }: { children: ReactNode; action?: ReactNode }) {
  return (
    <div className="alert alert-error" role="alert">
      <p>{children}</p>
      {action}
    </div>
  );
}

export function Notice({ children, tone = 'info' }: { children: ReactNode; tone?: 'info' | 'warning' }) {
  return (
    <div className={`alert alert-${tone}`} role="status">
      {children}
    </div>
  );
}

/** A query that failed, with its message and a retry button. */
export function QueryError({ message, retryLabel, onRetry }: { message: string; retryLabel: string; onRetry(): void }) {
  return (
    <ErrorMessage
      action={
        <button type="button" onClick={onRetry}>
          {retryLabel}
        </button>
      }
    >
      {message}
    </ErrorMessage>
  );
}
