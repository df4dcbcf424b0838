import type { CSSProperties } from 'react';

const CONFETTI_COLOURS = ['#f59e0b', '#10b981', '#6366f1', '#ec4899', '#0ea5e9', '#84cc16'];

/** A small burst around the check mark (none with reduced motion). */
export function Confetti() {
  return (
    <span className="confetti" aria-hidden="true">
      {Array.from({ length: 12 }, (_, i) => (
        <i key={i} style={{ '--a': `${i * 30}deg`, '--c': CONFETTI_COLOURS[i % CONFETTI_COLOURS.length], animationDelay: `${(i % 3) * 40}ms` } as CSSProperties} />
      ))}
    </span>
  );
}
