import { lazy, Suspense } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { Spinner } from '../components/ui/feedback';
import { HomePage } from './HomePage';
import { useI18n } from '../i18n/I18nProvider';
import { Layout, RequireSession } from './Layout';

// Pages a visit may never reach load on demand, keeping the first download small.
const PaymentResult = lazy(() => import('../features/purchase/PaymentResult'));
const HistoryPage = lazy(() => import('../features/history/HistoryPage'));
const SignInPage = lazy(() => import('../features/auth/SignInPage'));

export function AppRoutes() {
  const { t } = useI18n();
  return (
    <Suspense fallback={<Spinner label={t('common.loading')} />}>
      <Routes>
        <Route element={<Layout />}>
          <Route element={<RequireSession />}>
            <Route index element={<HomePage />} />
            <Route path="payment/result" element={<PaymentResult />} />
            <Route path="history" element={<HistoryPage />} />
          </Route>
          <Route path="signin" element={<SignInPage />} />
          <Route path="*" element={<Navigate to="/" replace />} />
        </Route>
      </Routes>
    </Suspense>
  );
}
