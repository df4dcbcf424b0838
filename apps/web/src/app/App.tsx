import type { ReactNode } from 'react';
import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { I18nProvider } from '../i18n/I18nProvider';
import type { Locale } from '../i18n/messages';
import { AppRoutes } from './routes';

/** The app inside a router (BrowserRouter in the page, MemoryRouter in tests). */
export function App({ queryClient, locale, router: Router }: { queryClient: QueryClient; locale?: Locale; router: (props: { children: ReactNode }) => ReactNode }) {
  return (
    <I18nProvider initialLocale={locale}>
      <QueryClientProvider client={queryClient}>
        <Router>
          <AppRoutes />
        </Router>
      </QueryClientProvider>
    </I18nProvider>
  );
}
