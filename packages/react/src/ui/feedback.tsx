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

/** A placeholder the shape of content still loading (hidden from assistive technology; `label` is announced instead). */
export function Skeleton({ label, lines = [60] }: { label: string; lines?: (number | string)[] }) {
  return (
    <div role="status" aria-live="polite">
      <span className="visually-hidden">{label}</span>
      {lines.map((width, i) => (
        <span
          key={i}
          className="skeleton"
          aria-hidden="true"
          style={{ width: typeof width === 'number' ? `${width}%` : width, height: i === 0 ? '1.75rem' : '1rem', marginTop: i ? '0.6rem' : 0 }}
        />
      ))}
    </div>
  );
}
