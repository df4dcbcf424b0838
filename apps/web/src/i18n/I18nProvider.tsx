import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { formatters, interpolate } from '@credits/react';
import type { MessageKey } from './en';
import { EN_MESSAGES, loadMessages, LOCALES, type AllMessages, type Locale } from './messages';

const STORAGE_KEY = 'credits.locale';

/** ?lang= wins, then the stored choice, then the browser's languages; English otherwise. */
export function detectLocale(search: string, stored: string | null, languages: readonly string[]): Locale {
  const fromUrl = new URLSearchParams(search).get('lang');
  for (const candidate of [fromUrl, stored, ...languages]) {
    if (!candidate) continue;
    const lower = candidate.toLowerCase();
    if (lower.startsWith('zh')) return 'zh-CN';
    if (lower.startsWith('en')) return 'en';
  }
  return 'en';
}

interface I18n {
  locale: Locale;
  setLocale(locale: Locale): void;
  t(key: MessageKey, values?: Record<string, string | number>): string;
  formatMoney(cents: number, currency?: string): string;
  formatNumber(value: number): string;
  formatDate(iso: string): string;
}

const I18nContext = createContext<I18n | null>(null);

function store(locale: Locale): void {
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
}

function readStored(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

export function I18nProvider({ children, initialLocale }: { children: ReactNode; initialLocale?: Locale }) {
  const [locale, setLocaleState] = useState<Locale>(() => {
    if (initialLocale) return initialLocale;
    const detected = detectLocale(window.location.search, readStored(), navigator.languages ?? [navigator.language]);
    // A language asked for in the URL (?lang=) is kept, so it survives the trip through Whop's checkout.
    if (new URLSearchParams(window.location.search).has('lang')) store(detected);
    return detected;
  });

  const [loaded, setLoaded] = useState<{ locale: Locale; messages: AllMessages } | null>(locale === 'en' ? { locale, messages: EN_MESSAGES } : null);

  useEffect(() => {
    if (loaded?.locale === locale) return;
    let current = true;
    void loadMessages(locale).then((messages) => current && setLoaded({ locale, messages }));
    return () => {
      current = false;
    };
  }, [locale, loaded]);

  useEffect(() => {
    if (!loaded) return;
    document.documentElement.lang = loaded.locale;
  }, [loaded]);

  const setLocale = useCallback((next: Locale) => {
    if (!LOCALES.includes(next)) return;
    setLocaleState(next);
    store(next);
  }, []);

  const value = useMemo<I18n | null>(() => {
    if (!loaded) return null;
    const { locale, messages } = loaded;
    return { locale, setLocale, t: (key, values) => interpolate(messages[key], values), ...formatters(locale) };
  }, [loaded, setLocale]);

  // Until a chosen language has loaded (a moment, from the same server) nothing is shown in the wrong one.
  if (!value) return null;
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n must be used inside I18nProvider');
  return value;
}
