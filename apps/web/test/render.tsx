import { render } from '@testing-library/react';
import { MemoryRouter, useLocation } from 'react-router';
import { App } from '../src/app/App';
import type { Locale } from '../src/i18n/messages';
import { createCreditsQueryClient } from '@credits/react';
import { session } from '../src/lib/session';

/** Where the router is, for assertions about navigation. */
export function LocationProbe() {
  const location = useLocation();
  return <output data-testid="location">{`${location.pathname}${location.search}`}</output>;
}

/** The whole app, real providers and routes, at `path`; signed in (with `signedIn`'s token when it is one) unless told otherwise. */
export function renderApp(path = '/', { locale = 'en', signedIn = true }: { locale?: Locale; signedIn?: boolean | string } = {}) {
  session.set(typeof signedIn === 'string' ? signedIn : signedIn ? 'test-token' : null);
  const queryClient = createCreditsQueryClient();
  queryClient.setDefaultOptions({ queries: { retry: false, staleTime: 0 } });
  return render(
    <App
      locale={locale}
      queryClient={queryClient}
      router={({ children }) => (
        <MemoryRouter initialEntries={[path]}>
          {children}
          <LocationProbe />
        </MemoryRouter>
      )}
    />,
  );
}
