import { lazy } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { HomePage } from './HomePage';
import { Layout, RequireSession } from './Layout';

// Pages a visit may never reach load on demand, keeping the first download small.
const PaymentResult = lazy(() => import('../features/purchase/PaymentResult'));
const HistoryPage = lazy(() => import('../features/history/HistoryPage'));
const SignInPage = lazy(() => import('../features/auth/SignInPage'));

export function AppRoutes() {
  return (
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
  );
}
