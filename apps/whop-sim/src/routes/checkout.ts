import express, { Router, type Response } from 'express';
import { TEST_CARDS, type SimEngine } from '../engine';
import { WhopError } from '../errors';
import { esc, page } from '../html';
import type { CheckoutConfig } from '../model';

/**
 * Whop's redirect after a hosted checkout is not documented; these are the parameters integrators
 * have observed (Whop does not document them). Parameters already on the redirect URL are kept.
 */
export function redirectWithResult(redirectUrl: string, result: { paymentId: string } | 'error'): string {
  const url = new URL(redirectUrl);
  if (result === 'error') {
    url.searchParams.set('checkout_status', 'error');
    url.searchParams.set('status', 'error');
  } else {
    url.searchParams.set('receipt_id', result.paymentId);
    url.searchParams.set('payment_id', result.paymentId);
    url.searchParams.set('checkout_status', 'success');
    url.searchParams.set('status', 'success');
  }
  return url.toString();
}

function money(cents: number, currency: string): string {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency: currency.toUpperCase() }).format(cents / 100);
}

function checkoutPage(config: CheckoutConfig, error?: string): string {
  const action = `/checkout/${esc(config.planId)}/pay?session=${esc(config.id)}`;
  const cancel = `/checkout/${esc(config.planId)}/cancel?session=${esc(config.id)}`;
  return page(
    `Checkout: ${config.productTitle}`,
    `<main>
  <p class="banner" role="note">Whop simulator: no real money moves.</p>
  <h1>${esc(config.productTitle)}</h1>
  <p class="amount" aria-label="Amount due">${esc(money(config.priceCents, config.currency))}</p>
  ${error ? `<p class="error" role="alert" id="card-error">${esc(error)}</p>` : ''}
  <form method="post" action="${action}">
    <label for="card">Card number</label>
    <input id="card" name="card" inputmode="numeric" autocomplete="cc-number" required
      ${error ? 'aria-invalid="true" aria-describedby="card-error card-help"' : 'aria-describedby="card-help"'} autofocus>
    <p id="card-help" class="muted">Test cards: ${TEST_CARDS.success} succeeds, ${TEST_CARDS.decline} is declined.</p>
    <button type="submit">Pay ${esc(money(config.priceCents, config.currency))}</button>
  </form>
  <p><a href="${cancel}">Cancel and return</a></p>
</main>`,
  );
}

function donePage(title: string, text: string, back?: { href: string; label: string }): string {
  return page(title, `<main><h1>${esc(title)}</h1><p>${esc(text)}</p>${back ? `<p><a href="${esc(back.href)}">${esc(back.label)}</a></p>` : ''}</main>`);
}

/** The hosted checkout page at a configuration's purchase_url: /checkout/{plan_id}/?session={ch_id}. */
export function checkoutRoutes(engine: SimEngine): Router {
  const router = Router();

  const configFor = (planId: string, session: unknown): CheckoutConfig => {
    const config = typeof session === 'string' ? engine.configs.get(session) : undefined;
    if (!config || config.planId !== planId) throw new WhopError(404, 'not_found', 'This checkout does not exist.');
    return config;
  };

  // A checkout page is never served from the browser's cache: Back after paying asks again, and is told.
  const send = (res: Response, status: number, html: string) => res.status(status).set('Cache-Control', 'no-store').type('html').send(html);
  // A deleted configuration (its order was paid, or withdrawn) takes no payment; the buyer is sent back to their order.
  const gone = (res: Response, config: CheckoutConfig) =>
    send(
      res,
      410,
      donePage(
        'This checkout is no longer available',
        'It has already been paid, or the shop withdrew it. Nothing more will be charged.',
        config.redirectUrl ? { href: config.redirectUrl, label: 'Return to the shop to see your order' } : undefined,
      ),
    );

  router.get('/checkout/:planId', (req, res) => {
    const config = configFor(req.params.planId, req.query.session);
    if (config.deletedAt) return gone(res, config);
    send(res, 200, checkoutPage(config));
  });

  router.post('/checkout/:planId/pay', express.urlencoded({ extended: false, limit: '8kb' }), async (req, res) => {
    const config = configFor(req.params.planId, req.query.session);
    if (config.deletedAt) return gone(res, config);
    const card = typeof req.body?.card === 'string' ? req.body.card : '';
    let result;
    try {
      result = await engine.pay(config.id, card);
    } catch (err) {
      if (err instanceof WhopError && err.status === 400) return send(res, 200, checkoutPage(config, err.message));
      throw err;
    }
    if (result.payment.status === 'open') {
      return send(res, 200, checkoutPage(config, `${result.payment.failureMessage ?? 'The payment failed.'} Try another card.`));
    }
    if (!config.redirectUrl) return send(res, 200, donePage('Payment complete', 'You can close this page.'));
    res.redirect(303, redirectWithResult(config.redirectUrl, { paymentId: result.payment.id }));
  });

  router.get('/checkout/:planId/cancel', (req, res) => {
    const config = configFor(req.params.planId, req.query.session);
    if (!config.redirectUrl) return send(res, 200, donePage('Checkout cancelled', 'No payment was taken.'));
    res.redirect(303, redirectWithResult(config.redirectUrl, 'error'));
  });

  return router;
}
