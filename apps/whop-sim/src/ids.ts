import { randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Whop-style tagged ids (`pay_` + 14 alphanumerics, …). */
export function tagId(prefix: string, length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const b of bytes) out += ALPHABET[b % ALPHABET.length];
  return `${prefix}_${out}`;
}

export const newId = {
  checkout: () => tagId('ch', 14),
  plan: () => tagId('plan', 13),
  product: () => tagId('prod', 13),
  payment: () => tagId('pay', 14),
  member: () => tagId('mber', 14),
  membership: () => tagId('mem', 14),
  user: () => tagId('user', 13),
  message: () => tagId('msg', 24),
  refund: () => tagId('rfnd', 14),
  dispute: () => tagId('dspt', 14),
};
