import type { ReactNode } from 'react';
import { useAdminText } from './useAdminText';

/**
 * A table that scrolls sideways on a narrow screen: a named region a keyboard reaches with Tab, so
 * that it can scroll it too.
 */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  const { a } = useAdminText();
  // Named apart from the section around it: two landmarks must not share a name.
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label={a('table.region', { name: label })}>
      {children}
    </div>
  );
}
