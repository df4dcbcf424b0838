import { useEffect } from 'react';
import { BRAND } from '../lib/env';
import { useI18n } from '../i18n/I18nProvider';

/** The brand's name: the host app's, or "Credits" in the reader's language. */
export function useBrandName(): string {
  const { t } = useI18n();
  return BRAND.name ?? t('app.title');
}

/** Sets the document title for a page: "<page> · <brand>". */
export function usePageTitle(page: string): void {
  const brand = useBrandName();
  useEffect(() => {
    document.title = page === brand ? brand : `${page} · ${brand}`;
  }, [page, brand]);
}
