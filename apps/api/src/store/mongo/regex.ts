/** `text` matched literally inside a regular expression (a user's prefix, say). */
export const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
