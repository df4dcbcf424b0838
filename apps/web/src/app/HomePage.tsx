import { lazy, Suspense, useState } from 'react';
import { Spinner } from '../components/ui/feedback';
import { CreditsDisplay } from '../features/credits/CreditsDisplay';
import { useI18n } from '../i18n/I18nProvider';

// The modal loads when it is first opened.
const PaymentModal = lazy(() => import('../features/purchase/PaymentModal'));

/** The signed-in home page: the balance, and the purchase modal when the buyer asks for it. */
export function HomePage() {
  const { t } = useI18n();
  const [buying, setBuying] = useState(false);
  return (
    <>
      <CreditsDisplay onBuy={() => setBuying(true)} />
      {buying ? (
        <Suspense fallback={<Spinner label={t('common.loading')} />}>
          <PaymentModal onClose={() => setBuying(false)} />
        </Suspense>
      ) : null}
    </>
  );
}
