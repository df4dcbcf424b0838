import { useState, type ReactNode } from 'react';
import { useCreditsContext } from './CreditsProvider';
import { PaymentModal } from './PaymentModal';

/** A button that opens the purchase modal (its label: "Buy credits", unless given). */
export function BuyCreditsButton({ children, className = 'primary' }: { children?: ReactNode; className?: string }) {
  const { t } = useCreditsContext();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className={`credits-ui ${className}`} onClick={() => setOpen(true)}>
        {children ?? t('credits.buy')}
      </button>
      {open ? <PaymentModal onClose={() => setOpen(false)} /> : null}
    </>
  );
}
