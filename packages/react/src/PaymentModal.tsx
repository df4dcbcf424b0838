import { useCallback, useEffect, useRef, useState } from 'react';
import { centsPerCredit } from '@credits/shared';
import { useCreditsContext } from './CreditsProvider';
import { usePackages } from './hooks';
import { useBuy } from './mutations';
import { useOnPageRestore } from './pageRestore';
import { ProblemMessage, useRetryCountdown } from './ProblemMessage';
import type { CreditPack as CreditPackage, FunnelStep } from './types';
import { Dialog } from './ui/Dialog';
import { Skeleton } from './ui/feedback';

/** Cents per credit of the dearest pack: what the others' savings are measured against. */
function referencePrice(packs: readonly CreditPackage[]): number {
  return Math.max(...packs.map((p) => p.priceCents / p.totalCredits));
}

/**
 * The purchase modal. No pack is chosen for the buyer: each is a toggle button (Tab reaches every
 * one, Space or Enter chooses it), and the pay button restates the choice ("Pay $10.00 for 1,000
 * credits"). Coming back for a pack whose order is still open resumes that order (the API's doing).
 */
export function PaymentModal({ onClose }: { onClose(): void }) {
  const { t, formatMoney, formatNumber, locale, navigate, api, funnel } = useCreditsContext();
  const packages = usePackages();
  const create = useBuy();
  const [selected, setSelected] = useState<string | null>(null);
  // A second click before React re-renders must not create a second order.
  const submitting = useRef(false);
  const packs = packages.data ?? [];
  const choice = packs.find((p) => p.id === selected) ?? null;
  const reference = packs.length ? referencePrice(packs) : 0;
  const busy = create.isPending || create.isSuccess;
  // Refused for now (a rate limit): buying waits until the API said to try again.
  const held = (useRetryCountdown(create.error) ?? 0) > 0;
  // The operators' funnel: opened, a pack chosen, sent to Whop (the API keeps each once a day per buyer). Never in the way
  // of the purchase: a step that is not told loses a count, not a sale; the last one outlives the page it leaves.
  const tellFunnel = useCallback(
    (step: FunnelStep, packageId?: string) => {
      if (funnel) api('POST', 'funnel', '/api/events/funnel', { body: { step, packageId }, keepalive: true }).catch(() => undefined);
    },
    [api, funnel],
  );
  useEffect(() => tellFunnel('opened'), [tellFunnel]);
  const choose = (id: string) => {
    if (id !== selected) tellFunnel('pack_chosen', id);
    setSelected(id);
  };
  useOnPageRestore(() => {
    submitting.current = false;
    create.reset();
  });

  const buy = () => {
    if (!choice || submitting.current || held) return;
    submitting.current = true;
    create.mutate(choice.id, {
      onSuccess: (payment) => {
        if (!payment.checkoutUrl) return;
        tellFunnel('checkout_started', payment.packageId);
        navigate(payment.checkoutUrl);
      },
      onError: () => {
        submitting.current = false;
      },
    });
  };

  const perCredit = (p: CreditPackage) => {
    const exact = p.priceCents / p.totalCredits;
    const shown = centsPerCredit(p.priceCents, p.totalCredits);
    const price = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(shown);
    return t(Math.abs(exact - shown) < 1e-9 ? 'purchase.perCredit' : 'purchase.perCreditApprox', { price });
  };
  const saving = (p: CreditPackage) => {
    const fraction = 1 - p.priceCents / p.totalCredits / reference;
    return fraction >= 0.01 ? new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(fraction) : null;
  };

  return (
    <Dialog title={t('purchase.title')} description={t('purchase.description')} onClose={onClose} closeLabel={t('common.close')}>
      {packages.isPending ? <Skeleton label={t('common.loading')} lines={[100, 100, 100]} /> : null}
      {packages.isError ? <ProblemMessage error={packages.error} onRetry={() => void packages.refetch()} /> : null}
      {packs.length ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            buy();
          }}
        >
          <div className="packs" role="group" aria-label={t('purchase.packs')}>
            {packs.map((p) => {
              const save = saving(p);
              return (
                <button key={p.id} type="button" className="pack" aria-pressed={selected === p.id} onClick={() => choose(p.id)} disabled={busy}>
                  <span className="pack-title">
                    {p.names[locale]}
                    {save ? <span className="badge">{t('purchase.save', { percent: save })}</span> : null}
                  </span>
                  <span className="pack-price">{formatMoney(p.priceCents, p.currency)}</span>
                  <span className="pack-credits">{t('purchase.credits', { credits: formatNumber(p.totalCredits) })}</span>
                  <span className="pack-unit">{perCredit(p)}</span>
                  {p.bonusCredits > 0 ? <span className="pack-bonus">{t('purchase.bonus', { bonus: formatNumber(p.bonusCredits) })}</span> : null}
                </button>
              );
            })}
          </div>
          {create.isError ? <ProblemMessage error={create.error} /> : null}
          <button type="submit" className="primary block" disabled={!choice || busy || held}>
            {busy
              ? t('purchase.redirecting')
              : choice
                ? t('purchase.pay', { price: formatMoney(choice.priceCents, choice.currency), credits: formatNumber(choice.totalCredits) })
                : t('purchase.choose')}
          </button>
        </form>
      ) : null}
    </Dialog>
  );
}
