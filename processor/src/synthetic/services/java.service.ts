import type { RenderCtx, ServiceDef, TemplateDef } from '../catalog.js';
import { email, latencyMs, orderId, privateIp, sku, uuid } from '../lib/fake-data.js';
import { javaLine } from '../lib/log-formats.js';

/** Spring Boot services (orders, inventory): Logback lines, with WARN + multi-line stack traces as normal noise. */

function thread(c: RenderCtx): string {
  return c.rng.chance(0.85) ? `http-nio-8080-exec-${c.rng.int(1, 40)}` : `task-${c.rng.int(1, 8)}`;
}

function log(c: RenderCtx, level: string, logger: string, message: string, trace: string[] = []): string[] {
  return [javaLine(c.t, level, thread(c), logger, message), ...trace];
}

/** A stack trace as the JVM prints it: exception line, `\tat` frames, `... N more`. */
function stackTrace(c: RenderCtx, exception: string, frames: string[], cause?: string): string[] {
  const lines = [exception, ...frames.map((f) => `\tat ${f}`)];
  if (cause !== undefined) lines.push(`Caused by: ${cause}`, '\tat java.base/sun.nio.ch.NioSocketImpl.timedRead(NioSocketImpl.java:288)', `\t... ${c.rng.int(40, 90)} more`);
  return lines;
}

const ORDER_FRAMES = [
  'org.springframework.web.client.RestTemplate.doExecute(RestTemplate.java:915)',
  'org.springframework.web.client.RestTemplate.postForObject(RestTemplate.java:459)',
  'com.example.orders.client.InventoryClient.reserve(InventoryClient.java:57)',
  'com.example.orders.service.OrderService.placeOrder(OrderService.java:112)',
  'com.example.orders.web.OrderController.create(OrderController.java:48)',
];

const INV_FRAMES = [
  'org.springframework.data.redis.connection.lettuce.LettuceConnection.doInvoke(LettuceConnection.java:434)',
  'com.example.inventory.cache.StockCache.get(StockCache.java:41)',
  'com.example.inventory.service.StockService.available(StockService.java:77)',
];

const orderTemplates: TemplateDef[] = [
  { key: 'order.received', weight: 20, hint: 'OrderController - Received order request', render: (c) => log(c, 'INFO', 'c.e.o.web.OrderController', `Received order request customer=${email(c.rng)} items=${c.rng.int(1, 6)}`) },
  { key: 'order.placed', weight: 18, hint: ' placed in ', latency: true, render: (c) => log(c, 'INFO', 'c.e.o.service.OrderService', `Order ${orderId(c.rng)} placed in ${Math.round(latencyMs(c.rng, 140, c.latencyScale))} ms`) },
  { key: 'order.status', weight: 14, hint: 'status changed from', render: (c) => { const [a, b] = c.rng.pick([['PENDING', 'PAID'], ['PAID', 'SHIPPED'], ['SHIPPED', 'DELIVERED']] as const); return log(c, 'INFO', 'c.e.o.service.OrderStateMachine', `Order ${orderId(c.rng)} status changed from ${a} to ${b}`); } },
  { key: 'order.event', weight: 14, hint: 'Published event OrderPlaced', render: (c) => log(c, 'DEBUG', 'c.e.o.messaging.OrderEventPublisher', `Published event OrderPlaced id=${uuid(c.rng)} partition=${c.rng.int(0, 5)}`) },
  { key: 'order.cancelled', weight: 1.5, hint: 'cancelled by customer', render: (c) => log(c, 'INFO', 'c.e.o.service.OrderService', `Order ${orderId(c.rng)} cancelled by customer`) },
  { key: 'order.retry', weight: 1, hint: 'Retrying call to inventory-service', spike: true, render: (c) => log(c, 'WARN', 'c.e.o.client.InventoryClient', `Retrying call to inventory-service (attempt ${c.rng.int(2, 3)}/3) after ${c.rng.pick([100, 200, 400])} ms`) },
  { key: 'order.timeout', weight: 0.25, hint: 'Inventory reservation timed out', spike: true, render: (c) => log(c, 'WARN', 'c.e.o.service.OrderService', `Inventory reservation timed out for order ${orderId(c.rng)}, will retry`, stackTrace(c, 'org.springframework.web.client.ResourceAccessException: I/O error on POST request for "http://inventory:8080/api/reservations": Read timed out', ORDER_FRAMES, 'java.net.SocketTimeoutException: Read timed out')) },
  { key: 'order.validation', weight: 0.8, hint: 'Validation failed for order request', render: (c) => log(c, 'WARN', 'c.e.o.web.GlobalExceptionHandler', `Validation failed for order request: field 'shippingAddress.postcode' rejected value [${c.rng.int(100, 999)}]`) },
  { key: 'order.hikari', weight: 0.3, hint: 'HikariPool-1 - Pool stats', render: (c) => log(c, 'DEBUG', 'com.zaxxer.hikari.pool.HikariPool', `HikariPool-1 - Pool stats (total=10, active=${c.rng.int(0, 6)}, idle=${c.rng.int(4, 10)}, waiting=0)`) },
  { key: 'order.reindex', weight: 0.012, hint: 'Rebuilt order search index', render: (c) => log(c, 'INFO', 'c.e.o.search.OrderIndexer', `Rebuilt order search index: ${c.rng.int(100_000, 200_000)} documents in ${c.rng.int(20, 90)} s`) },
];

const inventoryTemplates: TemplateDef[] = [
  { key: 'inv.reserved', weight: 20, hint: 'ReservationService - Reserved ', latency: true, render: (c) => log(c, 'INFO', 'c.e.i.service.ReservationService', `Reserved ${c.rng.int(1, 4)} x ${sku(c.rng)} for order ${orderId(c.rng)} in ${Math.round(latencyMs(c.rng, 35, c.latencyScale))} ms`) },
  { key: 'inv.released', weight: 6, hint: 'Released reservation', render: (c) => log(c, 'INFO', 'c.e.i.service.ReservationService', `Released reservation ${uuid(c.rng)} (order ${orderId(c.rng)} cancelled)`) },
  { key: 'inv.query', weight: 18, hint: 'Stock query sku=', render: (c) => log(c, 'DEBUG', 'c.e.i.web.StockController', `Stock query sku=${sku(c.rng)} available=${c.rng.int(0, 500)}`) },
  { key: 'inv.low', weight: 1.5, hint: 'Stock level low for', spike: true, render: (c) => log(c, 'WARN', 'c.e.i.service.StockService', `Stock level low for ${sku(c.rng)}: ${c.rng.int(1, 9)} left (threshold 10)`) },
  { key: 'inv.restock', weight: 2, hint: 'Restock received', render: (c) => log(c, 'INFO', 'c.e.i.service.StockService', `Restock received for ${sku(c.rng)}: +${c.rng.int(20, 400)} units`) },
  { key: 'inv.cache', weight: 0.3, hint: 'Redis command timed out', spike: true, render: (c) => log(c, 'ERROR', 'c.e.i.cache.StockCache', 'Stock cache read failed, falling back to database', stackTrace(c, 'org.springframework.dao.QueryTimeoutException: Redis command timed out', INV_FRAMES, 'io.lettuce.core.RedisCommandTimeoutException: Command timed out after 1 second(s)')) },
  { key: 'inv.outofstock', weight: 0.8, hint: 'Reservation rejected: out of stock', render: (c) => log(c, 'WARN', 'c.e.i.service.ReservationService', `Reservation rejected: out of stock sku=${sku(c.rng)} order=${orderId(c.rng)}`) },
  { key: 'inv.sync', weight: 0.02, hint: 'Warehouse sync finished', render: (c) => log(c, 'INFO', 'c.e.i.sync.WarehouseSync', `Warehouse sync finished: ${c.rng.int(2000, 9000)} SKUs updated from ${privateIp(c.rng)}`) },
];

function springDeploy(app: string, pkg: string) {
  return (c: RenderCtx, version: string): string[][] => [
    [javaLine(c.t, 'INFO', 'main', `${pkg}.${app}`, `Starting ${app} v${version} using Java 21.0.5 with PID 1`)],
    [javaLine(c.t + 1500, 'INFO', 'main', 'o.s.b.w.embedded.tomcat.TomcatWebServer', 'Tomcat initialized with port 8080 (http)')],
    [javaLine(c.t + 3000, 'INFO', 'main', `${pkg}.${app}`, `Started ${app} in ${c.rng.uniform(5, 9).toFixed(3)} seconds (process running for ${c.rng.uniform(6, 10).toFixed(3)})`)],
  ];
}

/** The `orders` service (Spring Boot / Logback). */
export const ordersService: ServiceDef = {
  name: 'orders',
  share: 0.12,
  templates: orderTemplates,
  periodic: [{ key: 'order.outbox', everySec: 20, jitterSec: 0.2, hint: 'Outbox relay: published', render: (c) => log(c, 'INFO', 'c.e.o.messaging.OutboxRelay', `Outbox relay: published ${c.rng.int(0, 40)} events, lag ${c.rng.int(0, 300)} ms`) }],
  newErrors: [
    { hint: 'LockAcquisitionException', description: 'orders cannot be persisted: lock acquisition failures', render: (c) => log(c, 'ERROR', 'c.e.o.service.OrderService', `Failed to persist order ${orderId(c.rng)}`, stackTrace(c, 'org.hibernate.exception.LockAcquisitionException: could not execute statement', ['org.hibernate.exception.internal.SQLStateConversionDelegate.convert(SQLStateConversionDelegate.java:120)', 'com.example.orders.repo.OrderRepository.save(OrderRepository.java:33)', 'com.example.orders.service.OrderService.placeOrder(OrderService.java:118)'])) },
    { hint: 'Circuit breaker OPEN for payments-client', description: 'circuit breaker to payments opens', render: (c) => log(c, 'ERROR', 'c.e.o.client.PaymentsClient', `Circuit breaker OPEN for payments-client, rejecting call for order ${orderId(c.rng)}`) },
  ],
  semanticFailures: [
    { hint: 'Broker may not be available', description: 'Kafka broker unreachable (logged at WARN by the client)', render: (c) => [javaLine(c.t, 'WARN', 'kafka-producer-network-thread | producer-1', 'o.a.kafka.clients.NetworkClient', `[Producer clientId=producer-1] Connection to node 1 (kafka-1/${privateIp(c.rng)}:9092) could not be established. Broker may not be available.`)] },
    { hint: 'java.lang.OutOfMemoryError: Java heap space', description: 'JVM out of heap', render: (c) => log(c, 'ERROR', 'o.a.c.c.C.[.[.[/].[dispatcherServlet]', 'Servlet.service() for servlet [dispatcherServlet] threw exception', ['java.lang.OutOfMemoryError: Java heap space', '\tat java.base/java.util.Arrays.copyOf(Arrays.java:3541)', '\tat com.example.orders.export.CsvExporter.write(CsvExporter.java:64)']) },
  ],
  deploy: springDeploy('OrderApplication', 'c.e.o'),
};

/** The `inventory` service (Spring Boot / Logback). */
export const inventoryService: ServiceDef = {
  name: 'inventory',
  share: 0.08,
  templates: inventoryTemplates,
  periodic: [{ key: 'inv.heartbeat', everySec: 15, jitterSec: 0.2, hint: 'Heartbeat sent to registry', render: (c) => log(c, 'DEBUG', 'c.e.i.registry.RegistryClient', 'Heartbeat sent to registry status=UP') }],
  newErrors: [
    { hint: 'negative stock after reservation', description: 'reservations drive stock negative', render: (c) => log(c, 'ERROR', 'c.e.i.service.ReservationService', `Invariant violated: negative stock after reservation sku=${sku(c.rng)} stock=-${c.rng.int(1, 9)}`) },
    { hint: 'Unable to acquire JDBC Connection', description: 'JDBC connections unavailable', render: (c) => log(c, 'ERROR', 'o.h.engine.jdbc.spi.SqlExceptionHelper', 'Unable to acquire JDBC Connection', stackTrace(c, 'org.hibernate.exception.JDBCConnectionException: Unable to acquire JDBC Connection', ['org.hibernate.engine.jdbc.connections.internal.LogicalConnectionManagedImpl.acquireConnectionIfNeeded(LogicalConnectionManagedImpl.java:126)', 'com.example.inventory.service.StockService.available(StockService.java:80)'])) },
  ],
  semanticFailures: [
    { hint: 'Connection refused', description: 'Redis refuses connections (logged at INFO by the fallback)', render: (c) => log(c, 'INFO', 'c.e.i.cache.StockCache', `Cache unavailable, serving from database: Unable to connect to redis:6379: Connection refused: redis/${privateIp(c.rng)}:6379`) },
    { hint: 'Disk quota exceeded', description: 'report export volume out of quota', render: (c) => log(c, 'WARN', 'c.e.i.export.SnapshotWriter', `Snapshot write skipped: /data/snapshots/stock-${c.rng.int(1000, 9999)}.parquet (Disk quota exceeded)`) },
  ],
  deploy: springDeploy('InventoryApplication', 'c.e.i'),
};
