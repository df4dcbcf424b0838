import type { ReactNode } from 'react';

/**
 * A table that scrolls sideways on a narrow screen: a named region a keyboard reaches with Tab, so
 * that it can scroll it too.
 */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label={label}>
      {children}
    </div>
  );
}
