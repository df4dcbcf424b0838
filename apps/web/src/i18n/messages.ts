import { en, type Messages } from './en';

/** The languages of the interface. */
export const LOCALES = ['en', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];

/** English is bundled; other languages load when chosen. */
export async function loadMessages(locale: Locale): Promise<Messages> {
  return locale === 'zh-CN' ? (await import('./zhCN')).zhCN : en;
}
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', 'zh-CN': '简体中文' };
