import { useRef, useState } from 'react';
import { centsPerCredit, type CreditPackage, type PackageId } from '@credits/shared';
import { Dialog } from '../../components/ui/Dialog';
import { ErrorMessage, QueryError, Spinner } from '../../components/ui/feedback';
import { useI18n } from '../../i18n/I18nProvider';
import { navigation } from '../../lib/navigation';
import { useCreatePayment, usePackages } from './api';

/** The pack that gives the most credits per dollar. */
function bestValue(packs: readonly CreditPackage[]): PackageId | null {
  let best: CreditPackage | null = null;
  for (const p of packs) if (!best || p.totalCredits / p.priceCents > best.totalCredits / best.priceCents) best = p;
  return best?.id ?? null;
}

export default function PaymentModal({ onClose }: { onClose(): void }) {
  const { t, formatMoney, formatNumber, locale } = useI18n();
  const packages = usePackages();
  const create = useCreatePayment();
  const [selected, setSelected] = useState<PackageId | null>(null);
  // A second click before React re-renders must not create a second order.
  const submitting = useRef(false);
  const best = packages.data ? bestValue(packages.data) : null;
  const choice = selected ?? best;

  const buy = () => {
    if (!choice || submitting.current) return;
    submitting.current = true;
    create.mutate(choice, {
      onSuccess: (payment) => {
        if (payment.checkoutUrl) navigation.assign(payment.checkoutUrl);
      },
      onError: () => {
        submitting.current = false;
      },
    });
  };

  const perCredit = (p: CreditPackage) => {
    const cents = centsPerCredit(p.priceCents, p.totalCredits);
    return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(cents)}¢`;
  };

  return (
    <Dialog title={t('purchase.title')} description={t('purchase.description')} onClose={onClose} closeLabel={t('common.close')}>
      {packages.isPending ? <Spinner label={t('common.loading')} /> : null}
      {packages.isError ? <QueryError message={t('purchase.loadFailed')} retryLabel={t('common.retry')} onRetry={() => void packages.refetch()} /> : null}
      {packages.data ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            buy();
          }}
        >
          <fieldset className="packs">
            <legend className="visually-hidden">{t('purchase.packs')}</legend>
            {packages.data.map((p) => (
              <label key={p.id} className={`pack${choice === p.id ? ' pack-selected' : ''}`}>
                <input type="radio" name="pack" value={p.id} checked={choice === p.id} onChange={() => setSelected(p.id)} autoFocus={choice === p.id} />
                <span className="pack-name">{t(`purchase.pack.${p.id}`)}</span>
                {p.id === best ? <span className="badge">{t('purchase.bestValue')}</span> : null}
                <span className="pack-credits">{t('purchase.credits', { credits: formatNumber(p.totalCredits) })}</span>
                {p.bonusCredits > 0 ? <span className="pack-bonus">{t('purchase.bonus', { bonus: formatNumber(p.bonusCredits) })}</span> : null}
                <span className="pack-price">{formatMoney(p.priceCents, p.currency)}</span>
                <span className="pack-unit">{t('purchase.perCredit', { price: perCredit(p) })}</span>
              </label>
            ))}
          </fieldset>
          {create.isError ? <ErrorMessage>{create.error.message}</ErrorMessage> : null}
          <button type="submit" className="primary" disabled={!choice || create.isPending || create.isSuccess}>
            {create.isPending || create.isSuccess ? t('purchase.redirecting') : t('purchase.buyNow')}
          </button>
        </form>
      ) : null}
    </Dialog>
  );
}
