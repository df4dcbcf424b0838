import { lazy } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { HomePage } from './HomePage';
import { Layout, RequireSession } from './Layout';

// Pages a visit may never reach load on demand, keeping the first download small.
const PaymentResult = lazy(() => import('../features/purchase/ResultPage'));
const HistoryPage = lazy(() => import('../features/account/HistoryPage'));
const CreditsPage = lazy(() => import('../features/account/CreditsPage'));
const ReceiptPage = lazy(() => import('../features/account/ReceiptPage'));
const SignInPage = lazy(() => import('../features/auth/SignInPage'));
const AdminLayout = lazy(() => import('../features/admin/AdminLayout'));
const DashboardPage = lazy(() => import('../features/admin/DashboardPage'));
const AdminOrdersPage = lazy(() => import('../features/admin/OrdersPage'));
const AdminOrderPage = lazy(() => import('../features/admin/OrderPage'));
const AdminUserPage = lazy(() => import('../features/admin/UserPage'));
const AdminEventsPage = lazy(() => import('../features/admin/EventsPage'));

export function AppRoutes() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route element={<RequireSession />}>
          <Route index element={<HomePage />} />
          <Route path="payment/result" element={<PaymentResult />} />
          <Route path="history" element={<HistoryPage />} />
          <Route path="credits" element={<CreditsPage />} />
          <Route path="receipt/:orderId" element={<ReceiptPage />} />
          <Route path="admin" element={<AdminLayout />}>
            <Route index element={<DashboardPage />} />
            <Route path="orders" element={<AdminOrdersPage />} />
            <Route path="orders/:orderId" element={<AdminOrderPage />} />
            <Route path="users/:userId" element={<AdminUserPage />} />
            <Route path="events" element={<AdminEventsPage />} />
          </Route>
        </Route>
        <Route path="signin" element={<SignInPage />} />
        <Route path="*" element={<Navigate to="/" replace />} />
      </Route>
    </Routes>
  );
}
