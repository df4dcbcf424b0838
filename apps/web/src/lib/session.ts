/**
 * The Bearer token. A host app hands it over once, in the URL fragment (`#token=…`, never sent to a
 * server or written to access logs); dev sign-in stores it the same way. It lives in sessionStorage,
 * so it ends with the tab.
 */
const STORAGE_KEY = 'credits.token';
type Listener = (token: string | null) => void;
/** Why the last session ended: the user signed out, or the API refused the token. */
export type EndReason = 'signed_out' | 'expired';

let token: string | null = null;
let endedBy: EndReason | null = null;
const listeners = new Set<Listener>();

function storage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

export const session = {
  /** Reads a handed-over `#token=` (removing it from the address bar) or the stored token. */
  init(): void {
    const hash = new URLSearchParams(window.location.hash.slice(1));
    const handed = hash.get('token');
    if (handed) {
      hash.delete('token');
      const rest = hash.toString();
      window.history.replaceState(window.history.state, '', `${window.location.pathname}${window.location.search}${rest ? `#${rest}` : ''}`);
      session.set(handed);
      return;
    }
    token = storage()?.getItem(STORAGE_KEY) ?? null;
  },
  get: (): string | null => token,
  endedBy: (): EndReason | null => endedBy,
  set(next: string | null, reason: EndReason = 'signed_out'): void {
    token = next;
    endedBy = next ? null : reason;
    if (next) storage()?.setItem(STORAGE_KEY, next);
    else storage()?.removeItem(STORAGE_KEY);
    for (const l of listeners) l(next);
  },
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};
