import { useI18n } from '../../i18n/I18nProvider';
import { readMemo } from '@credits/shared';
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
  /** A ledger entry's memo: the ledger's own in the reader's language, a person's or an app's words as they are. */
  const memo = (text: string | null) => {
    const read = readMemo(text);
    if (!read) return text ?? a('none');
    const status = 'status' in read ? read.status : '';
    const statusKey = `whopStatus.${status}`;
    return a(`memo.${read.code}`, { ...read, status: has(statusKey) ? a(statusKey) : status });
  };
  const percent = (value: number | null) => (value === null ? a('none') : new Intl.NumberFormat(i18n.locale, { style: 'percent', maximumFractionDigits: 1 }).format(value));
  return { ...i18n, a, has, word, memo, percent };
}
