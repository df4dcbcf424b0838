import { creditsEn, interpolate, loadCreditsMessages } from '@credits/react';
import { en, type MessageKey } from './en';

/** The languages of the interface. */
export const LOCALES = ['en', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];

/** Every string of the app in a language: its own and @credits/react's. */
export type AllMessages = Record<MessageKey, string>;

/** English, bundled. */
export const EN_MESSAGES: AllMessages = { ...creditsEn, ...en };

/** English is bundled; other languages load when chosen (the app's strings and @credits/react's, together). */
export async function loadMessages(locale: Locale): Promise<AllMessages> {
  if (locale === 'en') return EN_MESSAGES;
  const [own, credits] = await Promise.all([import('./zhCN').then((m) => m.zhCN), loadCreditsMessages(locale)]);
  return { ...credits, ...own };
}
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', 'zh-CN': '简体中文' };

type Values = Record<string, string | number>;

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
