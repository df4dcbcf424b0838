import { useEffect, useSyncExternalStore } from 'react';
import { Link, NavLink, Navigate, Outlet, useLocation } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { session } from '../lib/session';
import { useI18n } from '../i18n/I18nProvider';
import { LOCALE_NAMES, LOCALES, type Locale } from '../i18n/messages';

export function useToken(): string | null {
  return useSyncExternalStore(session.subscribe, session.get, session.get);
}

export function Layout() {
  const { t, locale, setLocale } = useI18n();
  const token = useToken();
  const queryClient = useQueryClient();

  // A 401 anywhere ends the session (lib/apiClient.ts); what was cached belonged to it.
  useEffect(() => session.subscribe((next) => void (next ? undefined : queryClient.clear())), [queryClient]);

  return (
    <>
      <header className="topbar">
        <Link to="/" className="brand">
          {t('app.title')}
        </Link>
        <nav aria-label="Main">
          <NavLink to="/" end>
            {t('nav.home')}
          </NavLink>
          <NavLink to="/history">{t('nav.history')}</NavLink>
        </nav>
        <label className="language">
          <span className="visually-hidden">{t('nav.language')}</span>
          <select value={locale} onChange={(e) => setLocale(e.target.value as Locale)} aria-label={t('nav.language')}>
            {LOCALES.map((l) => (
              <option key={l} value={l} lang={l}>
                {LOCALE_NAMES[l]}
              </option>
            ))}
          </select>
        </label>
        {token ? (
          <button type="button" className="link-button" onClick={() => session.set(null)}>
            {t('nav.signOut')}
          </button>
        ) : null}
      </header>
      <main id="main">
        <Outlet />
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
