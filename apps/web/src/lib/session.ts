/**
 * The Bearer token. A host app hands it over once, in the URL fragment (`#token=…`, never sent to a
 * server or written to access logs); dev sign-in stores it the same way. It lives in localStorage,
 * shared by every tab of the browser: a new tab (or a link opened in one) is signed in, and signing
 * out, or the API refusing the token, ends the session in every tab.
 *
 * A handed-over token replaces the session only when there is none or it names the same user. A
 * token for someone else is only *offered*: nothing changes, in this tab or any other, until the
 * person chooses (`accept` or `decline`), so a link carrying another account's token cannot make
 * a buyer pay for that account without being asked.
 */
const STORAGE_KEY = 'credits.token';
type Listener = (token: string | null) => void;
/** A handed-over token for another user than the signed-in one, waiting for the person's choice. */
export interface Offer {
  token: string;
  /** The user it names (its `sub`), or null when it names none this page can read. */
  userId: string | null;
  /** The signed-in user, as the stored token names them. */
  currentUserId: string | null;
}
/** Why the last session ended: the user signed out, or the API refused the token. */
export type EndReason = 'signed_out' | 'expired';

let token: string | null = null;
let following = false;
let endedBy: EndReason | null = null;
let offered: Offer | null = null;
const listeners = new Set<Listener>();
const offerListeners = new Set<() => void>();

/**
 * The user a token names: its payload's `sub`, read without verifying (the API verifies every
 * request). Used only to compare a handed-over token with the session and to say whose it is.
 */
export function userOf(jwt: string): string | null {
  try {
    const payload = jwt.split('.')[1];
    if (!payload) return null;
    const bytes = Uint8Array.from(atob(payload.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
    const sub = (JSON.parse(new TextDecoder().decode(bytes)) as { sub?: unknown }).sub;
    return typeof sub === 'string' && sub !== '' ? sub : null;
  } catch {
    return null;
  }
}

function setOffer(next: Offer | null): void {
  offered = next;
  for (const l of offerListeners) l();
}

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
  // An offer is a choice between two accounts: it goes when the session does, or when the session
  // becomes the offered account; another account signing in elsewhere is now the one to stay with.
  if (offered) {
    const user = next ? userOf(next) : null;
    setOffer(!next || (user !== null && user === offered.userId) ? null : { ...offered, currentUserId: user });
  }
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
      const current = storage()?.getItem(STORAGE_KEY) ?? null;
      const currentUserId = current ? userOf(current) : null;
      const userId = userOf(handed);
      if (!current || (userId !== null && userId === currentUserId)) {
        session.set(handed);
        return;
      }
      token = current;
      setOffer({ token: handed, userId, currentUserId });
      return;
    }
    token = storage()?.getItem(STORAGE_KEY) ?? null;
  },
  /** A handed-over token for another user, until the person chooses. */
  offered: (): Offer | null => offered,
  /** The person chose the handed-over account: it becomes the session, in every tab. */
  accept(): void {
    if (!offered) return;
    const next = offered.token;
    setOffer(null);
    session.set(next);
  },
  /** The person stays with the account they were signed in as: the handed-over token is dropped. */
  decline(): void {
    setOffer(null);
  },
  subscribeOffer(listener: () => void): () => void {
    offerListeners.add(listener);
    return () => offerListeners.delete(listener);
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
