import type { ReactNode } from 'react';
import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { CreditsProvider } from '@credits/react';
import { I18nProvider, useI18n } from '../i18n/I18nProvider';
import type { Locale } from '../i18n/messages';
import { API_OPTIONS } from '../lib/apiClient';
import { navigation } from '../lib/navigation';
import { AppRoutes } from './routes';

const leaveFor = (url: string) => navigation.assign(url);

/** @credits/react's components, given what the app's own pages use: its API client's settings, its cache and its language. */
function Credits({ queryClient, children }: { queryClient: QueryClient; children: ReactNode }) {
  const { locale } = useI18n();
  return (
    <CreditsProvider {...API_OPTIONS} queryClient={queryClient} locale={locale} navigate={leaveFor}>
      {children}
    </CreditsProvider>
  );
}

/** The app inside a router (BrowserRouter in the page, MemoryRouter in tests). */
export function App({ queryClient, locale, router: Router }: { queryClient: QueryClient; locale?: Locale; router: (props: { children: ReactNode }) => ReactNode }) {
  return (
    <I18nProvider initialLocale={locale}>
      <QueryClientProvider client={queryClient}>
        <Credits queryClient={queryClient}>
          <Router>
            <AppRoutes />
          </Router>
        </Credits>
      </QueryClientProvider>
    </I18nProvider>
  );
}
