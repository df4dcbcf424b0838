import type { components } from '@credits/client';

type Schemas = components['schemas'];

/** A pack on sale, as `GET /api/payment/packages` lists it. */
export type CreditPack = Schemas['CreditPackage'];
/** An order, as the API answers it. */
export type Order = Schemas['Payment'];
export type OrderStatus = Order['status'];
/** A user's credits: the balance, what holds set aside, and what can be spent. */
export type Credits = Schemas['Credits'];
/** The languages the components speak. */
export type Locale = 'en' | 'zh-CN';
/** A step of a purchase told for the operators' funnel. */
export type FunnelStep = 'opened' | 'pack_chosen' | 'checkout_started';
