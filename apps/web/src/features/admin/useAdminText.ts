import { useI18n } from '../../i18n/I18nProvider';
import { adminMessages } from './messages';

/** The interface's formatting, and the console's own strings in the reader's language. */
export function useAdminText() {
  const i18n = useI18n();
  const { t: a, has } = adminMessages(i18n.locale);
  /** A reason, source, outcome or action code as words; an unknown one as it is. */
  const word = (prefix: 'reason' | 'source' | 'kind' | 'action' | 'outcome', code: string | null) => {
    if (code === null) return a('none');
    const key = `${prefix}.${code}`;
    return has(key) ? a(key) : code;
  };
  const percent = (value: number | null) => (value === null ? a('none') : new Intl.NumberFormat(i18n.locale, { style: 'percent', maximumFractionDigits: 1 }).format(value));
  return { ...i18n, a, has, word, percent };
}
