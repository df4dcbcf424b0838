/** Generated from the API's OpenAPI document by scripts/generateClient.ts: do not edit. */

export interface paths {
    "/api/payment/packages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The credit packs */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The catalog */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            packages: components["schemas"]["CreditPackage"][];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/payment/create": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create an order and its Whop checkout */
        post: {
            parameters: {
                query?: never;
                header?: {
                    "Idempotency-Key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": {
                        packageId: string;
                        /** @enum {string} */
                        locale?: "en" | "zh-CN";
                    };
                };
            };
            responses: {
                /** @description Replayed for the same Idempotency-Key (with Idempotent-Replayed: true), or, without a key, the caller’s open order of that pack resumed */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            payment: components["schemas"]["Payment"];
                        };
                    };
                };
                /** @description Order created; payment.checkoutUrl is Whop’s checkout */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            payment: components["schemas"]["Payment"];
                        };
                    };
                };
                /** @description Invalid input */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Whop does not know the open order’s checkout (`whop_unknown`); nothing changed */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body too large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Idempotency-Key reused for another package */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Rate limited (Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Whop failed; the order is failed */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Database unavailable; retry */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Whop timed out; the order is failed */
                504: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/payment/user/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller’s orders, newest first */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of orders */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            payments: components["schemas"]["Payment"][];
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description Invalid input */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Rate limited (Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Database unavailable; retry */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/payment/{paymentId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One of the caller’s orders */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    paymentId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The order */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            payment: components["schemas"]["Payment"];
                        };
                    };
                };
                /** @description Invalid input */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such order, or another user’s */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Rate limited (Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Database unavailable; retry */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/payment/{paymentId}/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Re-check a pending order with Whop */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    paymentId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The order as it now stands */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            payment: components["schemas"]["Payment"];
                        };
                    };
                };
                /** @description Invalid input */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such order */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Rate limited (Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Database unavailable; retry */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/payment/{paymentId}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Give up a pending order
         * @description Whop is asked first: a payment already taken completes the order instead. An order that is not pending is returned unchanged; a payment arriving later still completes a cancelled order.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    paymentId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The order as it now stands */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            payment: components["schemas"]["Payment"];
                        };
                    };
                };
                /** @description Invalid input */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such order */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Whop does not know the order’s checkout (`whop_unknown`); the order stays pending */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Rate limited (Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Whop failed; the order stays pending */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Database unavailable; retry */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Whop timed out; the order stays pending */
                504: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/payment/webhook/whop": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Whop’s webhooks
         * @description Verified with Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature; ±300 s). Answers 2xx only once the effect is committed.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": {
                        id: string;
                        type: string;
                        data?: unknown;
                    };
                };
            };
            responses: {
                /** @description Handled (or recorded and ignored) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            received: true;
                            outcome: string;
                        };
                    };
                };
                /** @description Authentic but unusable */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Signature rejected; nothing stored */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body too large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Database unavailable; Whop retries */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/credits": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller’s balance */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The balance (negative after a refund of spent credits), what holds set aside, and what can be spent or held */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Credits"];
                    };
                };
                /** @description Invalid input */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Rate limited (Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Database unavailable; retry */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/credits/ledger": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller’s ledger, newest first */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of entries */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            entries: {
                                id: string;
                                /** @enum {string} */
                                kind: "grant" | "refund" | "dispute" | "spend" | "adjustment";
                                credits: number;
                                paymentId: string | null;
                                memo: string | null;
                                /** Format: date-time */
                                createdAt: string;
                            }[];
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description Invalid input */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Rate limited (Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Database unavailable; retry */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/credits/spend": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Spend credits, once per Idempotency-Key
         * @description A user with their token and `{credits, reason}`, or the host app’s backend with the service key and `{userId, credits, reason}`.
         */
        post: {
            parameters: {
                query?: never;
                header: {
                    "Idempotency-Key": string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": {
                        credits: number;
                        reason: string;
                    } | {
                        credits: number;
                        reason: string;
                        userId: string;
                    };
                };
            };
            responses: {
                /** @description Spent (Idempotent-Replayed: true on a replay) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            spent: number;
                            balance: number;
                            entryId: string;
                        };
                    };
                };
                /** @description Invalid input */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Insufficient credits, or a negative balance */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body too large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Idempotency-Key reused with another body */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Rate limited (Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Database unavailable; retry */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/credits/holds": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Set credits aside for work under way, once per Idempotency-Key
         * @description A user with their token and `{credits, reason, expiresInSeconds?}`, or the host app’s backend with the service key and `userId` too. The hold takes from what is available (the balance less other holds) and ends once: captured, released, or expired by the sweep after `expiresInSeconds` (default 900, at most 86400).
         */
        post: {
            parameters: {
                query?: never;
                header: {
                    "Idempotency-Key": string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": {
                        credits: number;
                        reason: string;
                        expiresInSeconds?: number;
                    } | {
                        credits: number;
                        reason: string;
                        expiresInSeconds?: number;
                        userId: string;
                    };
                };
            };
            responses: {
                /** @description Held (Idempotent-Replayed: true on a replay) */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            hold: {
                                id: string;
                                userId: string;
                                credits: number;
                                reason: string;
                                /** @enum {string} */
                                status: "active" | "captured" | "released" | "expired";
                                capturedCredits: number;
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: date-time */
                                expiresAt: string;
                                /** Format: date-time */
                                settledAt: string | null;
                            };
                            balance: number;
                            held: number;
                            available: number;
                        };
                    };
                };
                /** @description Invalid input */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The available credits do not cover it, or the balance is negative */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body too large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Idempotency-Key reused with another body */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Rate limited (Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Database unavailable; retry */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/credits/holds/{holdId}/capture": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Spend at most what a hold holds; the rest is freed
         * @description The same capture again answers as the first (Idempotent-Replayed: true).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    holdId: string;
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": {
                        credits: number;
                    };
                };
            };
            responses: {
                /** @description Captured */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            hold: {
                                id: string;
                                userId: string;
                                credits: number;
                                reason: string;
                                /** @enum {string} */
                                status: "active" | "captured" | "released" | "expired";
                                capturedCredits: number;
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: date-time */
                                expiresAt: string;
                                /** Format: date-time */
                                settledAt: string | null;
                            };
                            balance: number;
                            held: number;
                            available: number;
                        };
                    };
                };
                /** @description Invalid input */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such hold, or another user’s */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The hold ended otherwise: released, captured for another amount, or expired */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description More than the hold holds */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Rate limited (Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Database unavailable; retry */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/credits/holds/{holdId}/release": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Free a hold’s credits
         * @description Releasing again, or a hold that expired, answers as the first (Idempotent-Replayed: true).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    holdId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Released */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            hold: {
                                id: string;
                                userId: string;
                                credits: number;
                                reason: string;
                                /** @enum {string} */
                                status: "active" | "captured" | "released" | "expired";
                                capturedCredits: number;
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: date-time */
                                expiresAt: string;
                                /** Format: date-time */
                                settledAt: string | null;
                            };
                            balance: number;
                            held: number;
                            available: number;
                        };
                    };
                };
                /** @description Invalid input */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such hold, or another user’s */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The hold was captured */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Rate limited (Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Database unavailable; retry */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/internal/sweep": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Run reconciliation, expiry and the ledger check once (cron) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Report (ran false when another instance holds the lease) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            ran: boolean;
                            checked: number;
                            completed: number;
                            expired: number;
                            holdsExpired: number;
                            whopErrors: number;
                            ledgerDifferences: number;
                        };
                    };
                };
                /** @description Missing or wrong CRON_SECRET */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /** Run reconciliation, expiry and the ledger check once (cron) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Report (ran false when another instance holds the lease) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            ran: boolean;
                            checked: number;
                            completed: number;
                            expired: number;
                            holdsExpired: number;
                            whopErrors: number;
                            ledgerDifferences: number;
                        };
                    };
                };
                /** @description Missing or wrong CRON_SECRET */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/events/funnel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Tell a step of a purchase (the operators’ funnel)
         * @description First-party: the user id, the step and the pack are kept, once per user, step, pack and UTC day (a step told again that day changes nothing). `opened` (the purchase dialog opened) takes no pack; `pack_chosen` and `checkout_started` (sent to Whop) name one on sale.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        step: "opened" | "pack_chosen" | "checkout_started";
                        packageId?: string;
                    };
                };
            };
            responses: {
                /** @description Kept */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Invalid input */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Rate limited (Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Database unavailable; retry */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller: user id, and whether they are an operator */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The caller */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            userId: string;
                            operator: boolean;
                        };
                    };
                };
                /** @description Invalid input */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Rate limited (Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Database unavailable; retry */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/stats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The shop’s figures over a range
         * @description Per UTC hour or day and in total, of the orders created in the range (a cohort): created, completed, failed, expired, cancelled, in review, conversion (completed ÷ created), payment success rate (completed ÷ (completed + failed)), revenue, refunds and credits granted, also per pack; credits granted, spent, taken back and adjusted, and credits owed to buyers at the end (with their value at the average price paid); unique and repeat buyers and the average payment; the purchase funnel (buyers who opened the dialog, chose a pack, were sent to Whop, paid) in all and per pack; the same figures for the period before (`previous`); webhook handling time (p50, p99) and deliveries answered 5xx; the share of API requests answered 5xx; the last ledger check. Without `from`, the last 7 days; without `to`, now.
         */
        get: {
            parameters: {
                query?: {
                    from?: string;
                    to?: string;
                    interval?: "day" | "hour";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The figures */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            from: string;
                            /** Format: date-time */
                            to: string;
                            /** @enum {string} */
                            interval: "day" | "hour";
                            currency: string;
                            buckets: {
                                created: number;
                                completed: number;
                                failed: number;
                                expired: number;
                                cancelled: number;
                                review: number;
                                creditsGranted: number;
                                chargedCents: number;
                                refundedCents: number;
                                chargebackCents: number;
                                netCents: number;
                                payments: number;
                                declines: number;
                                conversion: number | null;
                                successRate: number | null;
                                declineRate: number | null;
                                /** Format: date-time */
                                start: string;
                            }[];
                            total: {
                                created: number;
                                completed: number;
                                failed: number;
                                expired: number;
                                cancelled: number;
                                review: number;
                                creditsGranted: number;
                                chargedCents: number;
                                refundedCents: number;
                                chargebackCents: number;
                                netCents: number;
                                payments: number;
                                declines: number;
                                conversion: number | null;
                                successRate: number | null;
                                declineRate: number | null;
                            };
                            byPack: {
                                [key: string]: {
                                    created: number;
                                    completed: number;
                                    failed: number;
                                    expired: number;
                                    cancelled: number;
                                    review: number;
                                    creditsGranted: number;
                                    chargedCents: number;
                                    refundedCents: number;
                                    chargebackCents: number;
                                    netCents: number;
                                    payments: number;
                                    declines: number;
                                    conversion: number | null;
                                    successRate: number | null;
                                    declineRate: number | null;
                                };
                            };
                            credits: {
                                granted: number;
                                spent: number;
                                takenBack: number;
                                adjusted: number;
                                outstanding: number;
                                outstandingCents: number | null;
                            };
                            buyers: {
                                unique: number;
                                repeat: number;
                                averageOrderCents: number | null;
                            };
                            funnel: {
                                total: {
                                    opened: number;
                                    packChosen: number;
                                    checkoutStarted: number;
                                    paid: number;
                                };
                                byPack: {
                                    [key: string]: {
                                        opened: number;
                                        packChosen: number;
                                        checkoutStarted: number;
                                        paid: number;
                                    };
                                };
                            };
                            previous: {
                                /** Format: date-time */
                                from: string;
                                /** Format: date-time */
                                to: string;
                                total: {
                                    created: number;
                                    completed: number;
                                    failed: number;
                                    expired: number;
                                    cancelled: number;
                                    review: number;
                                    creditsGranted: number;
                                    chargedCents: number;
                                    refundedCents: number;
                                    chargebackCents: number;
                                    netCents: number;
                                    payments: number;
                                    declines: number;
                                    conversion: number | null;
                                    successRate: number | null;
                                    declineRate: number | null;
                                };
                                credits: {
                                    granted: number;
                                    spent: number;
                                    takenBack: number;
                                    adjusted: number;
                                    outstanding: number;
                                    outstandingCents: number | null;
                                };
                                buyers: {
                                    unique: number;
                                    repeat: number;
                                    averageOrderCents: number | null;
                                };
                                funnel: {
                                    total: {
                                        opened: number;
                                        packChosen: number;
                                        checkoutStarted: number;
                                        paid: number;
                                    };
                                    byPack: {
                                        [key: string]: {
                                            opened: number;
                                            packChosen: number;
                                            checkoutStarted: number;
                                            paid: number;
                                        };
                                    };
                                };
                            };
                            creditsTakenBack: {
                                refunds: number;
                                disputes: number;
                            };
                            webhooks: {
                                handled: number;
                                p50Ms: number | null;
                                p99Ms: number | null;
                                failures: number;
                            };
                            requests: {
                                total: number;
                                serverErrors: number;
                                serverErrorShare: number | null;
                            };
                            ledgerCheck: {
                                /** Format: date-time */
                                at: string;
                                differences: number;
                            } | null;
                            unreadable: {
                                count: number;
                                items: {
                                    /** @enum {string} */
                                    kind: "payment" | "refund" | "dispute";
                                    whopId: string;
                                    reason: string;
                                    /** Format: date-time */
                                    firstSeenAt: string;
                                    /** Format: date-time */
                                    lastSeenAt: string;
                                    seen: number;
                                }[];
                            };
                        };
                    };
                };
                /** @description Invalid input */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Signed in, but not an operator */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Rate limited (Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Database unavailable; retry */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/export/stats.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The shop’s figures per interval as CSV
         * @description One line per UTC hour or day of the range (as `/api/admin/stats` counts them), amounts with two decimals in the `currency` column’s currency.
         */
        get: {
            parameters: {
                query?: {
                    from?: string;
                    to?: string;
                    interval?: "day" | "hour";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The figures, UTF-8 with a byte-order mark */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/csv": string;
                    };
                };
                /** @description Invalid input */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Signed in, but not an operator */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Rate limited (Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Database unavailable; retry */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/export/orders.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every order the search finds, as CSV
         * @description The filters of `/api/admin/orders` (without `limit`: every page is written, newest first). Amounts with two decimals in each order’s currency.
         */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    status?: "pending" | "completed" | "failed" | "cancelled" | "expired" | "partially_refunded" | "refunded" | "disputed" | "review";
                    packageId?: string;
                    userId?: string;
                    q?: string;
                    from?: string;
                    to?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The orders, UTF-8 with a byte-order mark */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/csv": string;
                    };
                };
                /** @description Invalid input */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Signed in, but not an operator */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Rate limited (Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Database unavailable; retry */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/orders": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Search every user’s orders
         * @description `q` matches an order id or its start (6 characters or more, whatever the case), or a user id, a Whop payment id or a Whop checkout id exactly. Newest first.
         */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    cursor?: string;
                    status?: "pending" | "completed" | "failed" | "cancelled" | "expired" | "partially_refunded" | "refunded" | "disputed" | "review";
                    packageId?: string;
                    userId?: string;
                    q?: string;
                    from?: string;
                    to?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of orders */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            orders: {
                                id: string;
                                userId: string;
                                packageId: string;
                                packNames: {
                                    en: string;
                                    "zh-CN": string;
                                };
                                credits: number;
                                amountCents: number;
                                currency: string;
                                /** @enum {string} */
                                status: "pending" | "completed" | "failed" | "cancelled" | "expired" | "partially_refunded" | "refunded" | "disputed" | "review";
                                /** Format: uri */
                                checkoutUrl: string | null;
                                whopCheckoutId: string | null;
                                whopPaymentId: string | null;
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: date-time */
                                updatedAt: string;
                                /** Format: date-time */
                                completedAt: string | null;
                                /** Format: date-time */
                                expiresAt: string | null;
                                secondPayments: {
                                    whopPaymentId: string;
                                    refunded: boolean;
                                }[];
                                chargedCents: number;
                                taxCents: number;
                                refundedCents: number;
                                creditsTakenBack: number;
                                creditsHeld: number;
                                statusReason: string | null;
                                /** @enum {string|null} */
                                completionSource: "webhook" | "test" | "reconcile" | "operator" | null;
                                clawedCredits: number;
                                heldCredits: number;
                                /** Format: date-time */
                                respondBy: string | null;
                            }[];
                            nextCursor: string | null;
                            userIdsInOtherCase: string[];
                        };
                    };
                };
                /** @description Invalid input */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Signed in, but not an operator */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Rate limited (Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Database unavailable; retry */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/orders/{orderId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An order with its story
         * @description The order, what Whop told about it (payments, refunds, disputes, why a payment did not match), and a timeline: created, every webhook received for it with its outcome, ledger entries, completion, operator actions.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    orderId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The order */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            order: {
                                id: string;
                                userId: string;
                                packageId: string;
                                packNames: {
                                    en: string;
                                    "zh-CN": string;
                                };
                                credits: number;
                                amountCents: number;
                                currency: string;
                                /** @enum {string} */
                                status: "pending" | "completed" | "failed" | "cancelled" | "expired" | "partially_refunded" | "refunded" | "disputed" | "review";
                                /** Format: uri */
                                checkoutUrl: string | null;
                                whopCheckoutId: string | null;
                                whopPaymentId: string | null;
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: date-time */
                                updatedAt: string;
                                /** Format: date-time */
                                completedAt: string | null;
                                /** Format: date-time */
                                expiresAt: string | null;
                                secondPayments: {
                                    whopPaymentId: string;
                                    refunded: boolean;
                                }[];
                                chargedCents: number;
                                taxCents: number;
                                refundedCents: number;
                                creditsTakenBack: number;
                                creditsHeld: number;
                                statusReason: string | null;
                                /** @enum {string|null} */
                                completionSource: "webhook" | "test" | "reconcile" | "operator" | null;
                                clawedCredits: number;
                                heldCredits: number;
                                /** Format: date-time */
                                respondBy: string | null;
                            };
                            whopPayments: {
                                id: string;
                                paid: boolean;
                                declined: boolean;
                                chargedCents: number | null;
                                totalCents: number | null;
                                currency: string | null;
                                settlement: {
                                    cents: number;
                                    currency: string;
                                } | null;
                                mismatch: string | null;
                                refunds: {
                                    id: string;
                                    status: string;
                                    cents: number;
                                    currency: string | null;
                                }[];
                                disputes: {
                                    id: string;
                                    status: string;
                                    cents: number | null;
                                    currency: string | null;
                                    /** Format: date-time */
                                    needsResponseBy: string | null;
                                }[];
                            }[];
                            timeline: ({
                                /** @enum {string} */
                                kind: "created";
                                /** Format: date-time */
                                at: string;
                            } | {
                                /** @enum {string} */
                                kind: "webhook";
                                /** Format: date-time */
                                at: string;
                                eventId: string;
                                type: string;
                                outcome: string | null;
                            } | {
                                /** @enum {string} */
                                kind: "ledger";
                                /** Format: date-time */
                                at: string;
                                /** @enum {string} */
                                entryKind: "grant" | "refund" | "dispute" | "spend" | "adjustment";
                                credits: number;
                                memo: string | null;
                            } | {
                                /** @enum {string} */
                                kind: "completed";
                                /** Format: date-time */
                                at: string;
                                /** @enum {string|null} */
                                source: "webhook" | "test" | "reconcile" | "operator" | null;
                            } | {
                                /** @enum {string} */
                                kind: "operator";
                                /** Format: date-time */
                                at: string;
                                /** @enum {string} */
                                action: "adjustment" | "resolve_grant" | "resolve_refund" | "resolve_dismiss" | "webhook_replay";
                                actor: string;
                                reason: string;
                                details: {
                                    [key: string]: unknown;
                                };
                            })[];
                            actions: {
                                /** @enum {string} */
                                action: "grant" | "refund" | "refund_difference" | "dismiss";
                                paymentId: string;
                                refundCents: number | null;
                            }[];
                            /** Format: uri */
                            whopDashboardUrl: string;
                        };
                    };
                };
                /** @description Invalid input */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Signed in, but not an operator */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such order */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Rate limited (Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Database unavailable; retry */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/orders/{orderId}/resolve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Resolve an order: grant, refund, refund the difference or dismiss
         * @description `grant` credits the payment held for review as if it matched (never one credited to another order: 409 `granted_elsewhere`); `dismiss` closes the review with no money moved; `refund` asks Whop to refund the order’s payment in full — the credited one, or one held for review or whose review was dismissed (never one credited to another order) — and credits go when the refund lands; `refund_difference` asks Whop to give back what the payment charged beyond the price (the detail’s `actions` name the amount; a payment held for review is granted first, and the credits stay whole). Once per Idempotency-Key; audited with the note (a refund before Whop is asked, and again if Whop refuses or cannot be reached, which frees the key).
         */
        post: {
            parameters: {
                query?: never;
                header: {
                    "Idempotency-Key": string;
                };
                path: {
                    orderId: string;
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        action: "grant" | "refund" | "refund_difference" | "dismiss";
                        note: string;
                    };
                };
            };
            responses: {
                /** @description Done, or replayed for the same Idempotency-Key (`outcome: "replayed"`) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            outcome: string;
                            order: {
                                id: string;
                                userId: string;
                                packageId: string;
                                packNames: {
                                    en: string;
                                    "zh-CN": string;
                                };
                                credits: number;
                                amountCents: number;
                                currency: string;
                                /** @enum {string} */
                                status: "pending" | "completed" | "failed" | "cancelled" | "expired" | "partially_refunded" | "refunded" | "disputed" | "review";
                                /** Format: uri */
                                checkoutUrl: string | null;
                                whopCheckoutId: string | null;
                                whopPaymentId: string | null;
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: date-time */
                                updatedAt: string;
                                /** Format: date-time */
                                completedAt: string | null;
                                /** Format: date-time */
                                expiresAt: string | null;
                                secondPayments: {
                                    whopPaymentId: string;
                                    refunded: boolean;
                                }[];
                                chargedCents: number;
                                taxCents: number;
                                refundedCents: number;
                                creditsTakenBack: number;
                                creditsHeld: number;
                                statusReason: string | null;
                                /** @enum {string|null} */
                                completionSource: "webhook" | "test" | "reconcile" | "operator" | null;
                                clawedCredits: number;
                                heldCredits: number;
                                /** Format: date-time */
                                respondBy: string | null;
                            };
                        };
                    };
                };
                /** @description Invalid input */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Signed in, but not an operator */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such order */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The action does not apply to the order as it is (`not_in_review`, `not_refundable`, `no_difference`, `granted_elsewhere`, `order_changed`), Whop refused the refund (`refund_refused`) or is refunding the payment already (`refund_under_way`), a request with this key is still at work (`request_in_progress`), or Whop does not know the payment (`whop_unknown`, its 404) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Idempotency-Key reused with another body */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Rate limited (Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Whop failed; nothing was done */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Database unavailable; retry */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Whop timed out; nothing was done */
                504: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Find users by the start of their id
         * @description User ids with orders or credits that start with `q` (exactly, case included), `q` itself first when it is one; at most 20.
         */
        get: {
            parameters: {
                query: {
                    q: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The user ids */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            userIds: string[];
                        };
                    };
                };
                /** @description Invalid input */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Signed in, but not an operator */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Rate limited (Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Database unavailable; retry */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/users/{userId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A user: balance, newest ledger entries, orders and operator actions */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    userId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The user */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            userId: string;
                            balance: number;
                            ledger: {
                                id: string;
                                /** @enum {string} */
                                kind: "grant" | "refund" | "dispute" | "spend" | "adjustment";
                                credits: number;
                                paymentId: string | null;
                                memo: string | null;
                                /** Format: date-time */
                                createdAt: string;
                            }[];
                            orders: {
                                id: string;
                                userId: string;
                                packageId: string;
                                packNames: {
                                    en: string;
                                    "zh-CN": string;
                                };
                                credits: number;
                                amountCents: number;
                                currency: string;
                                /** @enum {string} */
                                status: "pending" | "completed" | "failed" | "cancelled" | "expired" | "partially_refunded" | "refunded" | "disputed" | "review";
                                /** Format: uri */
                                checkoutUrl: string | null;
                                whopCheckoutId: string | null;
                                whopPaymentId: string | null;
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: date-time */
                                updatedAt: string;
                                /** Format: date-time */
                                completedAt: string | null;
                                /** Format: date-time */
                                expiresAt: string | null;
                                secondPayments: {
                                    whopPaymentId: string;
                                    refunded: boolean;
                                }[];
                                chargedCents: number;
                                taxCents: number;
                                refundedCents: number;
                                creditsTakenBack: number;
                                creditsHeld: number;
                                statusReason: string | null;
                                /** @enum {string|null} */
                                completionSource: "webhook" | "test" | "reconcile" | "operator" | null;
                                clawedCredits: number;
                                heldCredits: number;
                                /** Format: date-time */
                                respondBy: string | null;
                            }[];
                            audit: {
                                id: string;
                                /** Format: date-time */
                                at: string;
                                actor: string;
                                /** @enum {string} */
                                action: "adjustment" | "resolve_grant" | "resolve_refund" | "resolve_dismiss" | "webhook_replay";
                                orderId: string | null;
                                userId: string | null;
                                reason: string;
                                details: {
                                    [key: string]: unknown;
                                };
                            }[];
                            userIdsInOtherCase: string[];
                        };
                    };
                };
                /** @description Invalid input */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Signed in, but not an operator */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Rate limited (Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Database unavailable; retry */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/users/{userId}/adjustments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Give or take credits
         * @description A ledger entry of kind `adjustment` (positive gives, negative takes; the balance may go below zero), audited with the reason. The same Idempotency-Key and body replay the first answer.
         */
        post: {
            parameters: {
                query?: never;
                header: {
                    "Idempotency-Key": string;
                };
                path: {
                    userId: string;
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": {
                        credits: number;
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description Replayed for the same Idempotency-Key */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            entryId: string;
                            credits: number;
                            balance: number;
                        };
                    };
                };
                /** @description Adjusted */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            entryId: string;
                            credits: number;
                            balance: number;
                        };
                    };
                };
                /** @description Invalid input */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Signed in, but not an operator */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Idempotency-Key reused with another body */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Rate limited (Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Database unavailable; retry */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/webhooks/{eventId}/replay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Handle a stored webhook again
         * @description As if Whop delivered it once more: an event handled before is `duplicate` and changes nothing. Audited before it is handled.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    eventId: string;
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": {
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description The outcome */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            outcome: string;
                        };
                    };
                };
                /** @description Invalid input */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Signed in, but not an operator */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such event */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The stored event is not a Whop event envelope (`event_unreadable`) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Rate limited (Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Database unavailable; retry */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Events told to the host app (EVENTS_WEBHOOK_URL), newest first, with their deliveries */
        get: {
            parameters: {
                query?: {
                    status?: "pending" | "delivered" | "failing";
                    userId?: string;
                    limit?: number;
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of events */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            events: {
                                id: string;
                                type: string;
                                userId: string;
                                payload: {
                                    [key: string]: unknown;
                                };
                                /** Format: date-time */
                                createdAt: string;
                                attempts: number;
                                /** Format: date-time */
                                nextAttemptAt: string;
                                /** Format: date-time */
                                deliveredAt: string | null;
                                lastStatus: number | null;
                                lastError: string | null;
                            }[];
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description Invalid input */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Signed in, but not an operator */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Rate limited (Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Database unavailable; retry */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/events/{eventId}/redeliver": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send an event to the host app again
         * @description Delivered or not, it goes again as soon as its user’s earlier events have gone (the host deduplicates by `webhook-id`).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    eventId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The event, due now */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            event: {
                                id: string;
                                type: string;
                                userId: string;
                                payload: {
                                    [key: string]: unknown;
                                };
                                /** Format: date-time */
                                createdAt: string;
                                attempts: number;
                                /** Format: date-time */
                                nextAttemptAt: string;
                                /** Format: date-time */
                                deliveredAt: string | null;
                                lastStatus: number | null;
                                lastError: string | null;
                            };
                        };
                    };
                };
                /** @description Invalid input */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Signed in, but not an operator */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such event */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Rate limited (Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Database unavailable; retry */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/openapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** This document */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OpenAPI 3.1 */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/docs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Browsable API reference */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description HTML */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The process is up */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Up */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            status: "ok";
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Ready: database reachable and migrated */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Ready */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            status: "ready";
                        };
                    };
                };
                /** @description Not ready */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Prometheus metrics
         * @description Needs `Authorization: Bearer $METRICS_TOKEN` when METRICS_TOKEN is set (required in production).
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Prometheus text format */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Missing or wrong METRICS_TOKEN */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        CreditPackage: {
            id: string;
            credits: number;
            bonusCredits: number;
            totalCredits: number;
            priceCents: number;
            currency: string;
            names: {
                en: string;
                "zh-CN": string;
            };
        };
        Payment: {
            id: string;
            userId: string;
            packageId: string;
            packNames: {
                en: string;
                "zh-CN": string;
            };
            credits: number;
            amountCents: number;
            currency: string;
            /** @enum {string} */
            status: "pending" | "completed" | "failed" | "cancelled" | "expired" | "partially_refunded" | "refunded" | "disputed" | "review";
            /** Format: uri */
            checkoutUrl: string | null;
            whopCheckoutId: string | null;
            whopPaymentId: string | null;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
            /** Format: date-time */
            completedAt: string | null;
            /** Format: date-time */
            expiresAt: string | null;
            secondPayments: {
                whopPaymentId: string;
                refunded: boolean;
            }[];
            chargedCents: number;
            taxCents: number;
            refundedCents: number;
            creditsTakenBack: number;
            creditsHeld: number;
        };
        Problem: {
            type: string;
            title: string;
            status: number;
            detail: string;
            /** @enum {string} */
            code: "validation_failed" | "invalid_json" | "bad_request" | "invalid_webhook" | "request_refused" | "unauthorized" | "invalid_token" | "token_expired" | "operator_token_expired" | "invalid_signature" | "forbidden" | "not_found" | "route_not_found" | "asset_not_found" | "payment_not_found" | "event_not_found" | "hold_not_found" | "method_not_allowed" | "insufficient_credits" | "hold_ended" | "payment_not_pending" | "not_in_review" | "order_changed" | "granted_elsewhere" | "not_refundable" | "no_difference" | "refund_refused" | "refund_under_way" | "request_in_progress" | "event_unreadable" | "whop_unknown" | "precondition_failed" | "payload_too_large" | "unsupported_encoding" | "range_not_satisfiable" | "idempotency_key_reused" | "capture_exceeds_hold" | "rate_limited" | "internal_error" | "whop_unavailable" | "service_unavailable" | "whop_timeout";
            errors?: {
                path: string;
                message: string;
            }[];
        };
        Credits: {
            balance: number;
            held: number;
            available: number;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
