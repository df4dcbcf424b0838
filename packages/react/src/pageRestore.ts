import { useEffect, useEffectEvent } from 'react';

/**
 * Runs `onRestore` when the browser shows this page again from its back/forward cache, as it was
 * left: Back from Whop's checkout brings back a page that said "Taking you to checkout…".
 */
export function useOnPageRestore(onRestore: () => void): void {
  const restore = useEffectEvent(onRestore);
  useEffect(() => {
    const onShow = (event: PageTransitionEvent) => {
      if (event.persisted) restore();
    };
    window.addEventListener('pageshow', onShow);
    return () => window.removeEventListener('pageshow', onShow);
  }, []);
}
