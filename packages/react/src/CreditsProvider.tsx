import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { QueryClient } from '@tanstack/react-query';
import { formatCents, formatCredits } from '@credits/shared';
import { ApiError, createApi, type Api, type ApiOptions } from './api';
import { loadCreditsMessages, loadedCreditsMessages, type CreditsMessageKey, type CreditsMessages } from './messages';
import type { Locale } from './types';

/**
 * How to reach the API (`baseUrl`, `getToken()` asked before each request, `onUnauthorized`,
 * `checkResponse`, `timeoutMs`: keep the functions' identity across renders), and the rest.
 */
export interface CreditsProviderProps extends ApiOptions {
  /** The language to speak (default English). */
  locale?: Locale;
  /** Strings to say differently, by key, in the current language. */
  messages?: Partial<CreditsMessages>;
  /** The host's React Query client, so its pages and these components share one cache; one of their own otherwise. */
  queryClient?: QueryClient;
  /** Leaves for Whop's checkout (default: `window.location.assign`). */
  navigate?(url: string): void;
  /**
   * Tell the API where buyers are in a purchase (`POST /api/events/funnel`: the dialog opened, a pack
   * chosen, sent to Whop), for the operators' funnel; first-party, the user id and the step only.
   * Default true.
   */
  funnel?: boolean;
  children: ReactNode;
}

type Values = Record<string, string | number>;

export interface CreditsContextValue {
  api: Api;
  queryClient: QueryClient;
  navigate(url: string): void;
  /** Whether the purchase dialog tells the API where buyers are in a purchase (the provider's `funnel`). */
  funnel: boolean;
  locale: Locale;
  t(key: CreditsMessageKey, values?: Values): string;
  formatMoney(cents: number, currency?: string): string;
  formatNumber(value: number): string;
  formatDate(iso: string): string;
}

const CreditsContext = createContext<CreditsContextValue | null>(null);

/** A message with each `{name}` replaced by its value (a value not given stays visible as `{name}`). */
export function interpolate(template: string, values?: Values): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(values?.[name] ?? `{${name}}`));
}

/** Numbers, money and times as the reader's language writes them. */
export function formatters(locale: Locale) {
  const dates = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  return {
    formatMoney: (cents: number, currency?: string) => formatCents(cents, locale, currency),
    formatNumber: (n: number) => formatCredits(n, locale),
    formatDate: (iso: string) => dates.format(new Date(iso)),
  };
}

/** A query client for hosts without one: a 4xx is not asked again. */
export function createCreditsQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 10_000,
        refetchOnWindowFocus: false,
        retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
      },
      mutations: { retry: false },
    },
  });
}

/** Gives the components below it the API, the host's sign-in and the reader's language. */
export function CreditsProvider({
  baseUrl,
  getToken,
  onUnauthorized,
  checkResponse,
  timeoutMs,
  locale = 'en',
  messages,
  queryClient,
  navigate,
  funnel = true,
  children,
}: CreditsProviderProps) {
  const [ownClient] = useState(() => queryClient ?? createCreditsQueryClient());
  // The client is made again only when what it is made of changes: pass functions that keep their identity (module functions, useCallback).
  const api = useMemo(() => createApi({ baseUrl, getToken, onUnauthorized, checkResponse, timeoutMs }), [baseUrl, getToken, onUnauthorized, checkResponse, timeoutMs]);
  // Chinese loads when first spoken; until it has, nothing is shown in the wrong language.
  const [strings, setStrings] = useState(() => loadedCreditsMessages(locale));
  const [stringsLocale, setStringsLocale] = useState(locale);
  if (stringsLocale !== locale) {
    setStringsLocale(locale);
    setStrings(loadedCreditsMessages(locale));
  }
  useEffect(() => {
    if (strings) return;
    let current = true;
    void loadCreditsMessages(locale).then((loaded) => current && setStrings(loaded));
    return () => {
      current = false;
    };
  }, [locale, strings]);
  const value = useMemo<CreditsContextValue | null>(() => {
    if (!strings) return null;
    const said = { ...strings, ...messages };
    return {
      api,
      queryClient: queryClient ?? ownClient,
      navigate: navigate ?? ((url) => window.location.assign(url)),
      funnel,
      locale,
      t: (key, values) => interpolate(said[key], values),
      ...formatters(locale),
    };
  }, [api, queryClient, ownClient, navigate, funnel, locale, strings, messages]);
  if (!value) return null;
  return <CreditsContext.Provider value={value}>{children}</CreditsContext.Provider>;
}

export function useCreditsContext(): CreditsContextValue {
  const value = useContext(CreditsContext);
  if (!value) throw new Error('The credits components must be used inside <CreditsProvider>');
  return value;
}
