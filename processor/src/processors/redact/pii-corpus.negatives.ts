import type { Rng } from './pii-corpus.values.js';

/**
 * Look-alikes that are not PII: the things real logs are full of and a careless rule eats.
 * Every generator here must produce text that is never personal or secret.
 */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

export function isoTs(r: Rng): string {
  const base = `2026-${pad(r.int(1, 12))}-${pad(r.int(1, 28))}T${pad(r.int(0, 23))}:${pad(r.int(0, 59))}:${pad(r.int(0, 59))}`;
  return r.pick([`${base}.${r.digits(3)}Z`, `${base}Z`, `${base}.${r.digits(6)}+02:00`, `${base.replace('T', ' ')},${r.digits(3)}`]);
}

export function syslogTs(r: Rng): string {
  return `${r.pick(MONTHS)} ${String(r.int(1, 28)).padStart(2, ' ')} ${pad(r.int(0, 23))}:${pad(r.int(0, 59))}:${pad(r.int(0, 59))}`;
}

export function clfTs(r: Rng): string {
  return `${pad(r.int(1, 28))}/${r.pick(MONTHS)}/2026:${pad(r.int(0, 23))}:${pad(r.int(0, 59))}:${pad(r.int(0, 59))} ${r.pick(['+0000', '-0700', '+0530'])}`;
}

export function klogTs(r: Rng): string {
  return `${pad(r.int(1, 12))}${pad(r.int(1, 28))} ${pad(r.int(0, 23))}:${pad(r.int(0, 59))}:${pad(r.int(0, 59))}.${r.digits(6)}`;
}

export function epochMs(r: Rng): string {
  return String(r.int(1_700_000_000, 1_800_000_000) * 1000 + r.int(0, 999));
}

export function uuid(r: Rng): string {
  return `${r.hex(8)}-${r.hex(4)}-4${r.hex(3)}-${r.pick(['8', '9', 'a', 'b'])}${r.hex(3)}-${r.hex(12)}`;
}

export function duration(r: Rng): string {
  return r.pick([`${r.int(1, 9999)}ms`, `${r.int(0, 59)}.${r.digits(3)}s`, `${r.int(1, 999)}.${r.digits(3)} ms`, `${r.int(1, 59)}m${r.int(0, 59)}s`, `PT${r.int(1, 59)}.${r.digits(3)}S`]);
}

/** Version strings, including four-part ones with IP-valid octets right after a version keyword or product token. */
export function version(r: Rng): string {
  return r.pick([
    `v${r.int(0, 9)}.${r.int(0, 30)}.${r.int(0, 99)}`,
    `nginx/1.${r.int(18, 27)}.${r.int(0, 5)}`,
    `version ${r.int(1, 20)}.${r.int(0, 9)}.${r.int(0, 9)}.${r.int(0, 250)}`,
    `build ${r.int(1, 12)}.${r.int(0, 9)}.${r.int(0, 99)}.${r.int(1, 250)}`,
    `Chrome/${r.int(100, 131)}.0.${r.int(4000, 6999)}.${r.int(10, 250)}`,
    `curl/8.${r.int(0, 11)}.${r.int(0, 2)}`,
    `Apache/2.4.${r.int(41, 62)}`,
    `OpenSSH_9.${r.int(0, 9)}p1`,
    `kernel 6.${r.int(1, 11)}.${r.int(0, 60)}-${r.int(1, 40)}-generic`,
  ]);
}

export function userAgent(r: Rng): string {
  return r.pick([
    `Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${r.int(100, 131)}.0.${r.int(4000, 6999)}.${r.int(10, 250)} Safari/537.36`,
    `Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.${r.int(0, 6)} Safari/605.1.15`,
    `curl/8.${r.int(0, 11)}.0`,
    `kube-probe/1.${r.int(24, 31)}`,
    `Go-http-client/1.1`,
    `python-requests/2.${r.int(25, 32)}.${r.int(0, 3)}`,
  ]);
}

export function orderId(r: Rng): string {
  return r.pick([`ORD-2026-${r.digits(6)}`, `INV-${r.digits(8)}`, `#${r.int(100000, 9999999)}`, `PO${r.digits(10)}`]);
}

/** Phone-like numbers that are ids: unseparated 10-digit refs, tracking numbers. */
export function phoneLikeId(r: Rng): string {
  return r.pick([`${r.int(2, 9)}${r.digits(9)}`, `1Z${r.chars('0123456789ABCDEFGHJKLMNPRSTUVWXYZ', 16)}`, `${r.digits(12)}`]);
}

export function podName(r: Rng): string {
  return `${r.pick(['web', 'api', 'worker', 'checkout', 'auth'])}-${r.hex(10)}-${r.chars('bcdfghjklmnpqrstvwxz2456789', 5)}`;
}

export function traceId(r: Rng): string {
  return r.hex(32);
}

export function gitSha(r: Rng): string {
  return r.hex(40);
}

export function mac(r: Rng): string {
  return Array.from({ length: 6 }, () => r.hex(2)).join(':');
}

export function oid(r: Rng): string {
  return `1.3.6.1.4.1.${r.int(100, 60000)}.${r.int(1, 20)}.${r.int(1, 9)}`;
}

/** Addresses that identify no one and the default config keeps. */
export function harmlessAddress(r: Rng): string {
  return r.pick(['127.0.0.1', '0.0.0.0', '[::1]', '127.0.1.1', '[::]']);
}

export function port(r: Rng): string {
  return String(r.pick([80, 443, 5432, 6379, 8080, 9092, 27017, r.int(1024, 65535)]));
}

export function hostName(r: Rng): string {
  return r.pick(['db-primary.internal', 'cache01.prod.local', 'api.example.com', `ip-10-0-${r.int(0, 255)}-${r.int(1, 254)}.ec2.internal`, 'kafka-0.kafka-headless.svc.cluster.local']);
}

export function javaFrame(r: Rng): string {
  const cls = r.pick(['com.example.billing.PaymentService', 'org.hibernate.engine.jdbc.spi.SqlExceptionHelper', 'com.example.api.UserController', 'io.netty.channel.nio.NioEventLoop']);
  const method = r.pick(['charge', 'logExceptions', 'create', 'run', 'processSelectedKeys']);
  return `\tat ${cls}.${method}(${cls.split('.').pop() ?? 'X'}.java:${r.int(20, 900)})`;
}
