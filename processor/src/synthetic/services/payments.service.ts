import type { RenderCtx, ServiceDef, TemplateDef } from '../catalog.js';
import { CURRENCIES, TEST_CARDS, alnum, amount, email, last4, latencyMs, orderId } from '../lib/fake-data.js';
import { logfmtLine } from '../lib/log-formats.js';

/** Go payments service: logfmt with amounts, currencies, order ids, card last4 (and a leaky debug line). */

type Fields = Record<string, string | number | boolean>;

function line(ctx: RenderCtx, level: string, msg: string, fields: Fields): string[] {
  return [logfmtLine(ctx.t, level, msg, { component: 'payments', ...fields })];
}

const charge = (c: RenderCtx): string => `ch_${alnum(c.rng, 24)}`;
const brand = (c: RenderCtx): string => c.rng.pick(['visa', 'visa', 'mastercard', 'amex']);

const templates: TemplateDef[] = [
  { key: 'charge.created', weight: 20, hint: 'msg="charge created"', render: (c) => line(c, 'info', 'charge created', { charge_id: charge(c), order_id: orderId(c.rng), amount: amount(c.rng), currency: c.rng.pick(CURRENCIES), card_brand: brand(c), card_last4: last4(c.rng) }) },
  { key: 'charge.captured', weight: 18, hint: 'msg="charge captured"', latency: true, render: (c) => line(c, 'info', 'charge captured', { charge_id: charge(c), order_id: orderId(c.rng), amount: amount(c.rng), currency: c.rng.pick(CURRENCIES), provider: 'stripe', duration_ms: Math.round(latencyMs(c.rng, 180, c.latencyScale)) }) },
  { key: 'charge.refunded', weight: 2, hint: 'msg="charge refunded"', render: (c) => line(c, 'info', 'charge refunded', { charge_id: charge(c), order_id: orderId(c.rng), amount: amount(c.rng), currency: c.rng.pick(CURRENCIES), reason: c.rng.pick(['requested_by_customer', 'duplicate', 'out_of_stock']) }) },
  { key: 'charge.declined', weight: 2.5, hint: 'msg="charge declined"', spike: true, render: (c) => line(c, 'warn', 'charge declined', { charge_id: charge(c), order_id: orderId(c.rng), decline_code: c.rng.pick(['insufficient_funds', 'card_declined', 'expired_card', 'do_not_honor']), card_last4: last4(c.rng) }) },
  { key: 'webhook.received', weight: 14, hint: 'msg="webhook received"', render: (c) => line(c, 'info', 'webhook received', { event: c.rng.pick(['charge.succeeded', 'payment_intent.succeeded', 'charge.refunded']), event_id: `evt_${alnum(c.rng, 24)}`, signature_ok: true }) },
  { key: 'intent.created', weight: 12, hint: 'msg="payment intent created"', render: (c) => line(c, 'info', 'payment intent created', { intent_id: `pi_${alnum(c.rng, 24)}`, order_id: orderId(c.rng), amount: amount(c.rng), currency: c.rng.pick(CURRENCIES), customer: email(c.rng) }) },
  { key: 'card.debug', weight: 0.25, hint: 'msg="tokenize request"', render: (c) => line(c, 'debug', 'tokenize request', { card_number: c.rng.pick(TEST_CARDS), exp: `${String(c.rng.int(1, 12)).padStart(2, '0')}/${c.rng.int(27, 31)}`, env: 'test' }) },
  { key: 'provider.retry', weight: 0.8, hint: 'msg="provider call failed, retrying"', spike: true, render: (c) => line(c, 'warn', 'provider call failed, retrying', { provider: 'stripe', attempt: c.rng.int(1, 2), error: 'context deadline exceeded', charge_id: charge(c) }) },
  { key: 'idempotent.replay', weight: 1.2, hint: 'msg="idempotent request replayed"', render: (c) => line(c, 'info', 'idempotent request replayed', { idempotency_key: alnum(c.rng, 32), order_id: orderId(c.rng) }) },
  { key: 'fx.rate', weight: 0.5, hint: 'msg="fx rate cache updated"', render: (c) => line(c, 'info', 'fx rate cache updated', { base: 'EUR', pairs: 14, age_s: c.rng.int(1, 30) }) },
  { key: 'charge.failed', weight: 0.2, hint: 'msg="charge failed"', spike: true, render: (c) => line(c, 'error', 'charge failed', { charge_id: charge(c), order_id: orderId(c.rng), error: 'card_error: Your card was declined.' }) },
  { key: 'payout.scheduled', weight: 0.015, hint: 'msg="payout scheduled"', render: (c) => line(c, 'info', 'payout scheduled', { payout_id: `po_${alnum(c.rng, 24)}`, amount: (c.rng.uniform(10_000, 90_000)).toFixed(2), currency: 'EUR' }) },
];

/** The `payments` service (logfmt; amounts, order ids, card last4, an occasional full test PAN). */
export const paymentsService: ServiceDef = {
  name: 'payments',
  share: 0.08,
  templates,
  periodic: [
    { key: 'provider.health', everySec: 30, jitterSec: 0.5, hint: 'msg="provider health ok"', render: (c) => line(c, 'info', 'provider health ok', { provider: 'stripe', latency_ms: Math.round(latencyMs(c.rng, 95)) }) },
  ],
  newErrors: [
    { hint: 'msg="payment provider returned 502"', description: 'payment provider answers 502 Bad Gateway for charges', render: (c) => line(c, 'error', 'payment provider returned 502', { charge_id: charge(c), order_id: orderId(c.rng), provider: 'stripe', body: '<html>502 Bad Gateway</html>' }) },
    { hint: 'msg="ledger write rejected"', description: 'ledger rejects double-entry writes', render: (c) => line(c, 'error', 'ledger write rejected', { charge_id: charge(c), error: 'pq: insert or update on table "ledger_entries" violates foreign key constraint "ledger_entries_account_id_fkey"' }) },
  ],
  semanticFailures: [
    { hint: 'no space left on device', description: 'receipt spool disk is full (logged at info)', render: (c) => line(c, 'info', 'receipt spooled for retry', { order_id: orderId(c.rng), err: `write /var/spool/receipts/${alnum(c.rng, 12)}.pdf: no space left on device` }) },
    { hint: 'x509: certificate has expired or is not yet valid', description: 'provider TLS certificate expired', render: (c) => line(c, 'warn', 'provider request error', { provider: 'stripe', err: 'Post "https://api.stripe.com/v1/charges": tls: failed to verify certificate: x509: certificate has expired or is not yet valid' }) },
  ],
};
