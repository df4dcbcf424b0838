import { Component, type ErrorInfo, type ReactNode } from 'react';
import { useI18n } from '../i18n/I18nProvider';
import { ErrorMessage } from '@credits/react';

interface Props {
  children: ReactNode;
  /** A new value (the page's address) starts over: leaving a broken page leaves its error behind. */
  resetKey: string;
}

/**
 * A page that fails to render (a defect, or a part of the app that could not be downloaded after a
 * new release) shows what to do in the reader's language instead of a blank screen; the header stays.
 */
export class ErrorBoundary extends Component<Props, { failed: boolean; resetKey: string }> {
  override state = { failed: false, resetKey: this.props.resetKey };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  static getDerivedStateFromProps(props: Props, state: { resetKey: string }) {
    return props.resetKey === state.resetKey ? null : { failed: false, resetKey: props.resetKey };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('A page failed to render', error, info.componentStack);
  }

  override render() {
    return this.state.failed ? <PageFailed /> : this.props.children;
  }
}

function PageFailed() {
  const { t } = useI18n();
  return (
    <section className="card">
      <ErrorMessage
        action={
          <button type="button" onClick={() => window.location.reload()}>
            {t('error.reload')}
          </button>
        }
      >
        {t('error.page')}
      </ErrorMessage>
    </section>
  );
}
