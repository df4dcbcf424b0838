import { useI18n } from '../../i18n/I18nProvider';
import { ADMIN_MESSAGES, type AdminKey } from './messages';

/** The interface's formatting, and the console's own strings in the reader's language. */
export function useAdminText() {
  const i18n = useI18n();
  const messages = ADMIN_MESSAGES[i18n.locale];
  const has = (key: string): key is AdminKey => key in messages;
  const a = (key: AdminKey, values?: Record<string, string | number>) => messages[key].replace(/\{(\w+)\}/g, (_, name: string) => String(values?.[name] ?? `{${name}}`));
  /** A reason, source, outcome or action code as words; an unknown one as it is. */
  const word = (prefix: 'reason' | 'source' | 'kind' | 'action' | 'outcome', code: string | null) => {
    if (code === null) return a('none');
    const key = `${prefix}.${code}`;
    return has(key) ? messages[key] : code;
  };
  const percent = (value: number | null) => (value === null ? a('none') : new Intl.NumberFormat(i18n.locale, { style: 'percent', maximumFractionDigits: 1 }).format(value));
  return { ...i18n, a, has, word, percent };
}
