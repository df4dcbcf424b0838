import { useEffect, useRef } from 'react';
import { session, type Offer } from '../../lib/session';
import { useI18n } from '../../i18n/I18nProvider';

/**
 * A link handed over a token for another user than the signed-in one: the page asks which account to
 * use and shows nothing else until the person chooses. Staying is the first choice, and takes focus.
 */
export function AccountChoice({ offer }: { offer: Offer }) {
  const { t } = useI18n();
  const stay = useRef<HTMLButtonElement>(null);
  useEffect(() => stay.current?.focus(), []);
  const next = offer.userId ?? t('session.unnamed');
  const current = offer.currentUserId ?? t('session.unnamed');
  return (
    <section className="card" role="alertdialog" aria-labelledby="account-choice-heading" aria-describedby="account-choice-body">
      <h1 id="account-choice-heading">{t('session.choose.title')}</h1>
      <p id="account-choice-body">{t('session.choose.body', { next, current })}</p>
      <p className="muted">{t('session.choose.help')}</p>
      <div className="actions">
        <button ref={stay} type="button" className="primary" onClick={() => session.decline()}>
          {t('session.choose.stay', { user: current })}
        </button>
        <button type="button" onClick={() => session.accept()}>
          {t('session.choose.continue', { user: next })}
        </button>
      </div>
    </section>
  );
}
