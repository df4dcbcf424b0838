import { en, type Messages } from './en';

/** The languages of the interface. */
export const LOCALES = ['en', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];

/** English is bundled; other languages load when chosen. */
export async function loadMessages(locale: Locale): Promise<Messages> {
  return locale === 'zh-CN' ? (await import('./zhCN')).zhCN : en;
}
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', 'zh-CN': '简体中文' };

type Values = Record<string, string | number>;

/** A message with each `{name}` replaced by its value (a value not given stays visible as `{name}`). */
export function interpolate(template: string, values?: Values): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(values?.[name] ?? `{${name}}`));
}

/**
 * A namespace of messages beside the interface's own, in every language, loaded with the part of the
 * app that uses it (the operator console's), translated the same way: its translator for a locale.
 */
export function namespace<K extends string>(byLocale: Record<Locale, Record<K, string>>) {
  return (locale: Locale) => {
    const messages = byLocale[locale];
    return {
      has: (key: string): key is K => key in messages,
      t: (key: K, values?: Values) => interpolate(messages[key], values),
    };
  };
}
