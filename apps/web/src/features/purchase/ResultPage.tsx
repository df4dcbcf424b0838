import { useCallback } from 'react';
import { Link, useSearchParams } from 'react-router';
import { PaymentResult, WHOP_RETURN_PARAMS, type LinkComponent } from '@credits/react';
import { useI18n } from '../../i18n/I18nProvider';
import { usePageTitle } from '../../lib/usePageTitle';

const RouterLink: LinkComponent = ({ href, className, children }) => (
  <Link to={href} className={className}>
    {children}
  </Link>
);

const receiptHref = (orderId: string) => `/receipt/${orderId}`;

/** `/payment/result?paymentId=…`: where Whop's checkout sends the buyer back (the API's APP_URL + this path). */
export default function ResultPage() {
  const { t } = useI18n();
  usePageTitle(t('result.title'));
  const [params, setParams] = useSearchParams();
  // Whop's return is read once: its parameters then leave the address, so a reload does not act on it again.
  const forgetReturn = useCallback(
    () =>
      setParams(
        (current) => {
          const rest = new URLSearchParams(current);
          for (const name of WHOP_RETURN_PARAMS) rest.delete(name);
          return rest;
        },
        { replace: true },
      ),
    [setParams],
  );
  return <PaymentResult orderId={params.get('paymentId')} search={params} onReturnRead={forgetReturn} homeHref="/" buyHref="/?buy" receiptHref={receiptHref} Link={RouterLink} />;
}
