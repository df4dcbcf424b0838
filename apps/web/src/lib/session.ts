/**
 * The Bearer token. A host app hands it over once, in the URL fragment (`#token=…`, never sent to a
 * server or written to access logs); dev sign-in stores it the same way. It lives in localStorage,
 * shared by every tab of the browser: a new tab (or a link opened in one) is signed in, and signing
 * out, or the API refusing the token, ends the session in every tab.
 */
const STORAGE_KEY = 'credits.token';
type Listener = (token: string | null) => void;
/** Why the last session ended: the user signed out, or the API refused the token. */
export type EndReason = 'signed_out' | 'expired';

let token: string | null = null;
let following = false;
let endedBy: EndReason | null = null;
const listeners = new Set<Listener>();

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

function change(next: string | null, reason: EndReason): void {
  token = next;
  endedBy = next ? null : reason;
  for (const l of listeners) l(next);
}

export const session = {
  /** Reads a handed-over `#token=` (removing it from the address bar) or the stored token, and follows other tabs. */
  init(): void {
    if (!following) {
      following = true;
      window.addEventListener('storage', (event) => {
        if (event.key !== STORAGE_KEY && event.key !== null) return;
        const next = storage()?.getItem(STORAGE_KEY) ?? null;
        if (next !== token) change(next, 'signed_out');
      });
    }
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
    try {
      if (next) storage()?.setItem(STORAGE_KEY, next);
      else storage()?.removeItem(STORAGE_KEY);
    } catch {
      // Storage full or refused: the session lasts for this page only.
    }
    change(next, reason);
  },
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};
