import type { ReactNode } from 'react';

/** One fact: its label and its value; `null` or `false` for one that does not apply. */
export type Fact = readonly [label: string, value: ReactNode] | null | false;

/** Labelled facts as a description list, a `div` per fact (the list's grid lays them out); facts that do not apply are left out. */
export function FactList({ className, facts }: { className: string; facts: Fact[] }) {
  return (
    <dl className={className}>
      {facts.flatMap((fact) =>
        fact
          ? [
              <div key={fact[0]}>
                <dt>{fact[0]}</dt>
                <dd>{fact[1]}</dd>
              </div>,
            ]
          : [],
      )}
    </dl>
  );
}
