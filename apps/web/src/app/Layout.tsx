import { Suspense, useEffect, useSyncExternalStore } from 'react';
import { Link, NavLink, Navigate, Outlet, useLocation } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { ErrorBoundary } from '../components/ErrorBoundary';
import { BRAND } from '../lib/env';
import { useMe } from '../lib/me';
import { session, userOf } from '../lib/session';
import { AccountChoice } from '../features/auth/AccountChoice';
import { useI18n } from '../i18n/I18nProvider';
import { LOCALE_NAMES, LOCALES, type Locale } from '../i18n/messages';
import { useBrandName } from '../lib/usePageTitle';
import { Skeleton } from '@credits/react';

export function useToken(): string | null {
  return useSyncExternalStore(session.subscribe, session.get, session.get);
}

function useOffer() {
  return useSyncExternalStore(session.subscribeOffer, session.offered, session.offered);
}

/** The default mark, when the host app gives no logo. */
function Mark() {
  return (
    <svg className="brand-logo" viewBox="0 0 32 32" aria-hidden="true">
      <rect width="32" height="32" rx="8" fill="var(--credits-brand)" />
      <circle cx="16" cy="16" r="8.5" fill="none" stroke="var(--credits-brand-fg)" strokeWidth="3" />
      <circle cx="16" cy="16" r="3" fill="var(--credits-brand-fg)" />
    </svg>
  );
}

export function Layout() {
  const { t, locale, setLocale } = useI18n();
  const token = useToken();
  const queryClient = useQueryClient();
  const brand = useBrandName();
  const me = useMe(token !== null);
  const offer = useOffer();
  const location = useLocation();
  const user = me.data?.userId ?? (token ? userOf(token) : null);

  // What was cached belonged to the session that ended (signed out, a 401 in lib/apiClient.ts, another
  // user signed in in another tab): signed out, the pages go and so does the cache; another user, the
  // pages on screen read theirs.
  useEffect(() => session.subscribe((next) => void (next ? queryClient.resetQueries() : queryClient.clear())), [queryClient]);

  return (
    <>
      <header className="topbar">
        <div className="topbar-inner">
          <Link to="/" className="brand">
            {BRAND.logoUrl ? <img className="brand-logo" src={BRAND.logoUrl} alt="" /> : <Mark />}
            <span>{brand}</span>
          </Link>
          {token ? (
            <nav aria-label={t('nav.main')}>
              <NavLink to="/" end>
                {t('nav.home')}
              </NavLink>
              <NavLink to="/credits">{t('nav.credits')}</NavLink>
              <NavLink to="/history">{t('nav.history')}</NavLink>
              {me.data?.operator ? <NavLink to="/admin">{t('nav.console')}</NavLink> : null}
            </nav>
          ) : null}
          <select className="language" value={locale} onChange={(e) => setLocale(e.target.value as Locale)} aria-label={t('nav.language')}>
            {LOCALES.map((l) => (
              <option key={l} value={l} lang={l}>
                {LOCALE_NAMES[l]}
              </option>
            ))}
          </select>
          {token ? (
            <div className="account">
              {user ? (
                <span className="account-user" title={user}>
                  {t('nav.signedInAs', { user })}
                </span>
              ) : null}
              <button type="button" className="quiet" onClick={() => session.set(null)}>
                {t('nav.signOut')}
              </button>
            </div>
          ) : null}
        </div>
      </header>
      <main id="main">
        {/* A link that hands over another user's token: nothing else until the person chooses. */}
        {offer ? (
          <AccountChoice offer={offer} />
        ) : (
          /* Pages load on demand; the header stays while they do, and if one fails. */
          <ErrorBoundary resetKey={location.pathname}>
            <Suspense
              fallback={
                <section className="card">
                  <Skeleton label={t('common.loading')} lines={[40, 70, 55]} />
                </section>
              }
            >
              <Outlet />
            </Suspense>
          </ErrorBoundary>
        )}
      </main>
    </>
  );
}

/** Pages that need a signed-in user send everyone else to sign-in, and back afterwards. */
export function RequireSession() {
  const token = useToken();
  const location = useLocation();
  if (!token) return <Navigate to="/signin" replace state={{ from: `${location.pathname}${location.search}`, expired: session.endedBy() === 'expired' }} />;
  return <Outlet />;
}
