import { lazy, Suspense } from 'react';
import { Link, useSearchParams } from 'react-router';
import { CreditsDisplay, Spinner } from '@credits/react';
import { useI18n } from '../i18n/I18nProvider';
import { usePageTitle } from '../lib/usePageTitle';

// The modal loads when it is first opened; what is below the balance, just after it.
const PaymentModal = lazy(() => import('../features/purchase/purchaseModal'));
const HomeActivity = lazy(() => import('../features/account/HomeActivity'));

/**
 * The signed-in home page: the balance, an order still open, the last purchases and who takes the
 * payment, and the purchase modal when the buyer asks for it. The modal is part of the address
 * (`/?buy`), so Back closes it and other pages can link to buying.
 */
export function HomePage() {
  const { t } = useI18n();
  usePageTitle(t('credits.balanceLabel'));
  const [params, setParams] = useSearchParams();
  const buying = params.has('buy');
  return (
    <>
      <CreditsDisplay onBuy={() => setParams({ buy: '' })}>
        <Link to="/history">{t('credits.historyLink')}</Link>
      </CreditsDisplay>
      <Suspense fallback={null}>
        <HomeActivity />
      </Suspense>
      {buying ? (
        <Suspense fallback={<Spinner label={t('common.loading')} />}>
          <PaymentModal onClose={() => setParams({}, { replace: true })} />
        </Suspense>
      ) : null}
    </>
  );
}
