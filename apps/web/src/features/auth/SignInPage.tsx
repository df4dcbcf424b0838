import { useMutation, useQuery } from '@tanstack/react-query';
import { useLocation, useNavigate } from 'react-router';
import { usePageTitle } from '../../lib/usePageTitle';
import { api, ApiError } from '../../lib/apiClient';
import { session } from '../../lib/session';
import { useI18n } from '../../i18n/I18nProvider';
import { Notice, ProblemMessage, Skeleton } from '@credits/react';

export const DEMO_USER = 'demo';
export const DEMO_OPERATOR = 'operator';

/** Dev sign-in where the API offers it (never in production); otherwise the host app provides the token. */
export default function SignInPage() {
  const { t } = useI18n();
  usePageTitle(t('signIn.title'));
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: string; expired?: boolean } | null) ?? {};
  const offered = useQuery({
    queryKey: ['dev-sign-in'],
    queryFn: async () => {
      try {
        return (await api.get('devStatus', '/api/dev')).devSignIn;
      } catch (err) {
        if (err instanceof ApiError && err.status === 404) return false;
        throw err;
      }
    },
  });
  const signIn = useMutation({
    mutationFn: async (operator: boolean) => (await api.post('devToken', '/api/dev/token', operator ? { userId: DEMO_OPERATOR, role: 'admin' } : { userId: DEMO_USER })).token,
    onSuccess: (token, operator) => {
      session.set(token);
      navigate(from.from ?? (operator ? '/admin' : '/'), { replace: true });
    },
  });

  return (
    <section className="card" aria-labelledby="signin-heading">
      <h1 id="signin-heading">{t('signIn.title')}</h1>
      {from.expired ? <Notice tone="warning">{t('signIn.expired')}</Notice> : null}
      {offered.isPending ? <Skeleton label={t('common.loading')} lines={['14rem']} /> : null}
      {offered.isError ? <ProblemMessage error={offered.error} onRetry={() => void offered.refetch()} /> : null}
      {offered.data === true ? (
        <>
          <p className="muted">{t('signIn.demoHelp')}</p>
          <div className="actions">
            <button type="button" className="primary" onClick={() => signIn.mutate(false)} disabled={signIn.isPending}>
              {t('signIn.demo')}
            </button>
            <button type="button" onClick={() => signIn.mutate(true)} disabled={signIn.isPending}>
              {t('signIn.operator')}
            </button>
          </div>
        </>
      ) : null}
      {offered.data === false ? <p>{t('signIn.hostApp')}</p> : null}
      {signIn.isError ? <ProblemMessage error={signIn.error} /> : null}
    </section>
  );
}
