import type { RenderCtx, ServiceDef, TemplateDef } from '../catalog.js';
import { hex, latencyMs, privateIp, publicIp, userAgent, uuid } from '../lib/fake-data.js';
import { nginxAccess, nginxError } from '../lib/log-formats.js';

/** nginx ingress: access lines (method, path with ids, status, bytes, agent, latency) plus error-log lines. */

const UPSTREAMS: Record<string, string> = { products: '10.0.1.21:8080', orders: '10.0.1.34:8080', auth: '10.0.1.12:3000', payments: '10.0.1.45:8000', cart: '10.0.1.34:8080', search: '10.0.1.27:9200' };

function access(ctx: RenderCtx, method: string, path: string, status: number, bytes: number, median: number, upstream: string): string[] {
  const { rng, t } = ctx;
  return [
    nginxAccess(t, {
      ip: publicIp(rng),
      method,
      path,
      status,
      bytes: Math.max(0, Math.round(rng.logNormal(bytes, 0.3))),
      agent: userAgent(rng),
      latencyMs: latencyMs(rng, median, ctx.latencyScale),
      upstream: UPSTREAMS[upstream] ?? '-',
    }),
  ];
}

function anyApiPath(ctx: RenderCtx): [string, string, string] {
  return ctx.rng.pick<[string, string, string]>([
    ['GET', `/api/v1/orders/${ctx.rng.int(180_000, 260_000)}`, 'orders'],
    ['POST', '/api/v1/payments', 'payments'],
    ['GET', `/api/v1/products/${ctx.rng.int(1, 9000)}`, 'products'],
    ['POST', '/api/v1/orders', 'orders'],
  ]);
}

const templates: TemplateDef[] = [
  { key: 'access.get_product', weight: 30, hint: 'GET /api/v1/products/', render: (c) => access(c, 'GET', `/api/v1/products/${c.rng.int(1, 9000)}`, 200, 2400, 22, 'products') },
  { key: 'access.get_order', weight: 14, hint: 'GET /api/v1/orders/', latency: true, render: (c) => access(c, 'GET', `/api/v1/orders/${c.rng.int(180_000, 260_000)}`, 200, 1800, 40, 'orders') },
  { key: 'access.list_orders', weight: 7, hint: 'GET /api/v1/orders?page=', render: (c) => access(c, 'GET', `/api/v1/orders?page=${c.rng.int(1, 12)}&size=20`, 200, 9000, 65, 'orders') },
  { key: 'access.post_order', weight: 5, hint: 'POST /api/v1/orders ', render: (c) => access(c, 'POST', '/api/v1/orders', 201, 650, 120, 'orders') },
  { key: 'access.login', weight: 6, hint: 'POST /api/v1/auth/login HTTP/1.1" 200', render: (c) => access(c, 'POST', '/api/v1/auth/login', 200, 900, 85, 'auth') },
  { key: 'access.login_401', weight: 1.2, hint: 'POST /api/v1/auth/login HTTP/1.1" 401', render: (c) => access(c, 'POST', '/api/v1/auth/login', 401, 120, 60, 'auth') },
  { key: 'access.payment', weight: 3, hint: 'POST /api/v1/payments HTTP/1.1" 201', render: (c) => access(c, 'POST', '/api/v1/payments', 201, 420, 310, 'payments') },
  { key: 'access.static', weight: 10, hint: 'GET /static/', render: (c) => access(c, 'GET', `/static/${c.rng.pick(['js', 'css'])}/app.${hex(c.rng, 8)}.${c.rng.pick(['js', 'css'])}`, c.rng.chance(0.4) ? 304 : 200, 48_000, 3, 'products') },
  { key: 'access.cart', weight: 8, hint: '/api/v1/cart/', render: (c) => access(c, c.rng.pick(['GET', 'PUT']), `/api/v1/cart/${uuid(c.rng)}`, 200, 1100, 30, 'cart') },
  { key: 'access.search', weight: 6, hint: 'GET /api/v1/search?q=', render: (c) => access(c, 'GET', `/api/v1/search?q=${c.rng.pick(['shoes', 'mug', 'headphones', 'usb+c+cable', 'gift+card', 'backpack'])}&page=${c.rng.int(1, 3)}`, 200, 14_000, 80, 'search') },
  { key: 'access.not_found', weight: 2, hint: 'HTTP/1.1" 404', render: (c) => access(c, 'GET', c.rng.chance(0.5) ? `/api/v1/products/${c.rng.int(9001, 99_999)}` : c.rng.pick(['/wp-login.php', '/.env', '/favicon.ico', '/robots.txt']), 404, 150, 4, 'products') },
  { key: 'access.client_closed', weight: 0.3, hint: 'HTTP/1.1" 499', render: (c) => access(c, 'GET', `/api/v1/search?q=${c.rng.pick(['lamp', 'desk', 'chair'])}&page=1`, 499, 0, 900, 'search') },
  { key: 'access.bad_gateway', weight: 0.15, hint: 'HTTP/1.1" 502', spike: true, render: (c) => { const [m, p, u] = anyApiPath(c); return access(c, m, p, 502, 157, 12, u); } },
  { key: 'access.gateway_timeout', weight: 0.06, hint: 'HTTP/1.1" 504', spike: true, render: (c) => { const [m, p, u] = anyApiPath(c); return access(c, m, p, 504, 167, 60_000, u); } },
  { key: 'error.buffered', weight: 0.3, hint: 'buffered to a temporary file', render: (c) => [nginxError(c.t, 'warn', c.rng.int(1000, 99_999), `an upstream response is buffered to a temporary file /var/cache/nginx/proxy_temp/${c.rng.int(1, 9)}/${c.rng.int(10, 99)}/00000${c.rng.int(10_000, 99_999)} while reading upstream, client: ${publicIp(c.rng)}, server: api.shop.example, request: "GET /api/v1/orders?page=${c.rng.int(1, 12)}&size=200 HTTP/1.1"`)] },
  { key: 'error.upstream_timeout', weight: 0.08, hint: 'upstream timed out (110: Connection timed out)', spike: true, render: (c) => [nginxError(c.t, 'error', c.rng.int(1000, 99_999), `upstream timed out (110: Connection timed out) while reading response header from upstream, client: ${publicIp(c.rng)}, server: api.shop.example, request: "GET /api/v1/search?q=lamp HTTP/1.1", upstream: "http://${UPSTREAMS['search']}/search"`)] },
  { key: 'error.reload', weight: 0.012, hint: 'signal process started', render: (c) => [nginxError(c.t, 'notice', c.rng.int(1, 99), 'signal process started')] },
];

/** The `gateway` service (nginx ingress, ~35% of lines). */
export const gatewayService: ServiceDef = {
  name: 'gateway',
  share: 0.35,
  templates,
  periodic: [
    { key: 'access.healthz', everySec: 10, jitterSec: 0.3, hint: 'GET /healthz', render: (c) => [nginxAccess(c.t, { ip: privateIp(c.rng), method: 'GET', path: '/healthz', status: 200, bytes: 2, agent: 'kube-probe/1.30', latencyMs: latencyMs(c.rng, 1, 1, 0.2), upstream: '-' })] },
  ],
  newErrors: [
    { hint: 'no live upstreams while connecting to upstream', description: 'nginx reports no live upstreams for the payments pool', render: (c) => [nginxError(c.t, 'error', c.rng.int(1000, 99_999), `no live upstreams while connecting to upstream, client: ${publicIp(c.rng)}, server: api.shop.example, request: "POST /api/v1/payments HTTP/1.1", upstream: "http://payments/api/v1/payments"`)] },
    { hint: 'upstream prematurely closed connection', description: 'orders upstream closes connections before the response header', render: (c) => [nginxError(c.t, 'error', c.rng.int(1000, 99_999), `upstream prematurely closed connection while reading response header from upstream, client: ${publicIp(c.rng)}, server: api.shop.example, request: "GET /api/v1/orders/${c.rng.int(180_000, 260_000)} HTTP/1.1", upstream: "http://${UPSTREAMS['orders']}/orders"`)] },
  ],
  semanticFailures: [
    { hint: 'certificate verify failed: certificate has expired', description: 'upstream TLS certificate expired (logged at warn)', render: (c) => [nginxError(c.t, 'warn', c.rng.int(1000, 99_999), `SSL_do_handshake() failed (SSL: error:0A000086:SSL routines::certificate verify failed: certificate has expired) while SSL handshaking to upstream, client: ${publicIp(c.rng)}, server: api.shop.example, request: "POST /api/v1/auth/login HTTP/1.1"`)] },
    { hint: 'worker_connections are not enough', description: 'nginx ran out of worker connections', render: (c) => [nginxError(c.t, 'alert', c.rng.int(1000, 99_999), `1024 worker_connections are not enough while connecting to upstream, client: ${publicIp(c.rng)}, server: api.shop.example`)] },
  ],
};
