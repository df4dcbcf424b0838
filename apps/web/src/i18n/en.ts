import type { CreditsMessageKey } from '@credits/react';

/**
 * The web app's own strings in English (zhCN.ts has the same keys in Simplified Chinese); those of the
 * purchase, the result page and the balance are @credits/react's. `{name}` marks a value.
 */
export const en = {
  'app.title': 'Credits',
  'nav.main': 'Main',
  'nav.home': 'Home',
  'nav.history': 'History',
  'nav.console': 'Console',
  'nav.credits': 'Credits',
  'nav.signOut': 'Sign out',
  'nav.language': 'Language',
  'nav.signedInAs': 'Signed in as {user}',
  'session.choose.title': 'Which account?',
  'session.choose.body': 'This link signs you in as {next}. You are signed in as {current}.',
  'session.choose.help': 'Credits you buy go to the account you continue with. Nothing changes until you choose.',
  'session.choose.continue': 'Continue as {user}',
  'session.choose.stay': 'Stay as {user}',
  'session.unnamed': 'an account this page cannot name',
  'error.page': 'This page could not be shown. Reloading usually helps; your credits and orders are safe.',
  'error.reload': 'Reload',
  'history.charged': 'Charged {charged}',
  'history.chargedRefunded': 'Charged {charged} · refunded {refunded}',
  'history.title': 'Purchase history',
  'history.empty': 'No purchases yet.',
  'history.emptyBody': 'Packs start at {price} for {credits} credits.',
  'history.openUntil': 'Open until {time}',
  'history.more': 'Load more',
  'status.pending': 'Awaiting payment',
  'status.completed': 'Completed',
  'status.failed': 'Failed',
  'status.cancelled': 'Cancelled',
  'status.expired': 'Expired',
  'status.partially_refunded': 'Partly refunded',
  'status.refunded': 'Refunded',
  'status.disputed': 'Disputed',
  'status.review': 'Under review',
  'signIn.title': 'Sign in',
  'signIn.demo': 'Sign in as demo user',
  'signIn.demoHelp': 'A development sign-in: it creates a session for the user "demo", or for "operator", who may use the operator console.',
  'signIn.operator': 'Sign in as operator',
  'signIn.hostApp': 'Open this page from your app to sign in.',
  'signIn.expired': 'Your session has ended. Please sign in again.',
} as const;

export type Messages = Record<keyof typeof en, string>;
/** Every string the app can say: its own and @credits/react's. */
export type MessageKey = keyof typeof en | CreditsMessageKey;
