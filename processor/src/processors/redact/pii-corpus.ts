import * as n from './pii-corpus.negatives.js';
import * as v from './pii-corpus.values.js';
import { Rng } from './pii-corpus.values.js';
import type { PiiType } from './pii-types.js';

/** A labelled PII occurrence: `[start, end)` in the line are exactly the characters to redact. */
export interface LabelledSpan {
  readonly type: PiiType;
  readonly start: number;
  readonly end: number;
}

export interface CorpusLine {
  readonly system: string;
  readonly text: string;
  readonly spans: readonly LabelledSpan[];
}

export interface CorpusOptions {
  /** Lines to generate. Default 20,000. */
  readonly lines?: number;
  /** PRNG seed; the same seed gives the same corpus. Default 42. */
  readonly seed?: number;
}

type Part = string | readonly [PiiType, string];
type Template = (r: Rng) => Part[];

const pii = (type: PiiType, value: string): Part => [type, value] as const;

/** Query strings and JSON fields that carry PII in real request logs. */
function queryPii(r: Rng): Part[] {
  return r.pick<() => Part[]>([
    () => ['?email=', pii('EMAIL', r.chance(0.5) ? v.email(r) : encodeURIComponent(v.email(r)))],
    () => ['?access_token=', pii('TOKEN', v.token(r)), `&page=${r.int(1, 40)}`],
    () => ['?api_key=', pii('TOKEN', v.token(r))],
    () => [`?page_token=${r.hex(24)}&limit=${r.int(10, 100)}`],
    () => [`?id=${n.uuid(r)}&ts=${n.epochMs(r)}`],
  ])();
}

const WEB: Template[] = [
  (r) => [pii('IP', v.ipv4(r)), ` - - [${n.clfTs(r)}] "GET /api/v1/orders`, ...queryPii(r), ` HTTP/1.1" ${r.pick([200, 204, 301, 404, 500])} ${r.int(0, 99999)} "-" "${n.userAgent(r)}" ${n.duration(r)}`],
  (r) => [pii('IP', v.ipv4(r)), ` - ${r.pick(['-', 'frank'])} [${n.clfTs(r)}] "POST /login HTTP/2.0" 302 ${r.int(0, 999)} "https://shop.example.com/cart" "${n.userAgent(r)}"`],
  (r) => [`${n.harmlessAddress(r)} - - [${n.clfTs(r)}] "GET /healthz HTTP/1.1" 200 2 "-" "${n.userAgent(r)}" rt=0.00${r.int(1, 9)}`],
  (r) => [`[${n.clfTs(r)}] upstream timed out (110) while connecting to upstream, client: `, pii('IP', v.ipv6(r)), `, server: api.example.com, upstream: "http://`, pii('IP', v.ipv4(r)), `:${n.port(r)}/v1/pay"`],
  (r) => [`${n.isoTs(r)} haproxy[${r.int(100, 99999)}]: `, pii('IP', v.ipv4(r)), `:${n.port(r)} [${n.clfTs(r)}] fe_https be_api/srv${r.int(1, 9)} 0/0/${r.int(0, 9)}/${r.int(1, 999)}/${r.int(1, 999)} 200 ${r.int(100, 99999)}`],
];

const JSON_APP: Template[] = [
  (r) => [`{"ts":"${n.isoTs(r)}","level":"info","msg":"user signed up","email":"`, pii('EMAIL', v.email(r)), `","phone":"`, pii('PHONE', v.phone(r)), `","request_id":"${n.uuid(r)}","duration_ms":${r.int(1, 900)}}`],
  (r) => [`{"time":${n.epochMs(r)},"level":"error","msg":"payment declined","card":"`, pii('CREDIT_CARD', v.creditCard(r)), `","order":"${n.orderId(r)}","ref":"${v.luhnFailing(r)}","trace_id":"${n.traceId(r)}"}`],
  (r) => [`{"level":"debug","msg":"login attempt","user":"`, pii('EMAIL', v.email(r)), `","password":"`, pii('PASSWORD', v.password(r, false).replace(/"/g, '')), `","client_ip":"`, pii('IP', v.ipv4(r)), `"}`],
  (r) => [`{"level":"warn","msg":"kyc check failed","ssn":"`, pii('SSN', v.ssn(r)), `","attempt":${r.int(1, 5)},"version":"${n.version(r)}","elapsed":"${n.duration(r)}"}`],
  (r) => [`{"level":"info","msg":"outbound call","url":"https://api.partner.example/v2/charge","headers":{"Authorization":"Bearer `, pii('JWT', v.jwt(r)), `","X-Request-Id":"${n.uuid(r)}"},"status":${r.pick([200, 401, 503])}}`],
  (r) => [`{"level":"info","msg":"config loaded","db":{"host":"${n.hostName(r)}","port":${n.port(r)},"user":"app","password":"`, pii('PASSWORD', v.password(r)), `"},"pool":{"max":${r.int(2, 50)},"idle_ms":${r.int(1000, 60000)}}}`],
  (r) => [`{"level":"info","msg":"token refreshed","token_type":"bearer","expires_in":3600,"max_tokens":${r.int(256, 8192)},"sequence":"${n.phoneLikeId(r)}"}`],
  (r) => [`{"level":"error","msg":"TLS setup failed","key":"`, pii('PRIVATE_KEY', v.privateKey(r, '\\n')), `","cert_sha256":"${r.hex(64)}"}`],
];

const SYSLOG: Template[] = [
  (r) => [`${n.syslogTs(r)} bastion sshd[${r.int(100, 99999)}]: Accepted publickey for deploy from `, pii('IP', v.ipv4(r)), ` port ${r.int(1024, 65535)} ssh2: RSA SHA256:${r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', 43)}`],
  (r) => [`${n.syslogTs(r)} bastion sshd[${r.int(100, 99999)}]: Failed password for invalid user admin from `, pii('IP', r.chance(0.5) ? v.ipv4(r) : v.ipv6(r)), ` port ${r.int(1024, 65535)} ssh2`],
  (r) => [`${n.syslogTs(r)} web01 sudo:   deploy : TTY=pts/${r.int(0, 9)} ; PWD=/home/deploy ; USER=root ; COMMAND=/usr/bin/systemctl restart nginx`],
  (r) => [`${n.syslogTs(r)} web01 kernel: [${r.int(1, 99999)}.${r.digits(6)}] eth0: link up, MAC ${n.mac(r)}, ${n.version(r)}`],
  (r) => [`${n.syslogTs(r)} mail postfix/smtpd[${r.int(100, 99999)}]: ${r.hex(10).toUpperCase()}: client=mail.example.net[`, pii('IP', v.ipv4(r)), `], sasl_username=`, pii('EMAIL', v.email(r))],
  (r) => [`${n.syslogTs(r)} nas snmpd[${r.int(100, 9999)}]: Received SNMP packet(s) from UDP: [`, pii('IP', v.ipv4(r)), `]:${r.int(1024, 65535)}, oid ${n.oid(r)}`],
];

const JAVA: Template[] = [
  (r) => [`${n.isoTs(r)} ERROR [http-nio-8080-exec-${r.int(1, 20)}] c.e.billing.PaymentService - charge failed for `, pii('EMAIL', v.email(r)), ` card `, pii('CREDIT_CARD', v.creditCard(r)), `\njava.lang.IllegalStateException: gateway returned 402\n${n.javaFrame(r)}\n${n.javaFrame(r)}`],
  (r) => [`${n.isoTs(r)} WARN  o.h.engine.jdbc.spi.SqlExceptionHelper - SQL Error: 1045, SQLState: 28000\nCaused by: java.sql.SQLException: Access denied for user 'app'@'`, pii('IP', v.ipv4(r)), `' (using password: YES)\n${n.javaFrame(r)}`],
  (r) => [`${n.isoTs(r)} INFO  c.e.config.DataSourceConfig - spring.datasource.url=jdbc:postgresql://${n.hostName(r)}:5432/app spring.datasource.password=`, pii('PASSWORD', v.password(r)), ` hikari.maximumPoolSize=${r.int(2, 40)}`],
  (r) => [`${n.isoTs(r)} ERROR c.e.api.UserController - Unhandled exception for request ${n.uuid(r)}\njava.lang.NullPointerException: Cannot invoke "String.length()"\n${n.javaFrame(r)}\n${n.javaFrame(r)}\n\t... ${r.int(10, 90)} more`],
  (r) => [`${n.isoTs(r)} DEBUG c.e.auth.TokenFilter - Authorization: Bearer `, pii('TOKEN', v.token(r)), ` principal=`, pii('EMAIL', v.email(r)), ` object=com.example.auth.Session@${r.hex(8)}`],
];

const K8S: Template[] = [
  (r) => [`I${n.klogTs(r)}       1 scheduler.go:${r.int(100, 900)}] "Successfully bound pod to node" pod="default/${n.podName(r)}" node="${n.hostName(r)}" evaluatedNodes=${r.int(1, 50)}`],
  (r) => [`E${n.klogTs(r)}    ${r.int(1, 9999)} kubelet.go:${r.int(1000, 3000)}] "Failed to pull image" image="registry.example.com/app@sha256:${r.hex(64)}" podIP=`, pii('IP', v.ipv4(r)), ` hostIP=`, pii('IP', v.ipv6(r))],
  (r) => [`{"kind":"Event","level":"RequestResponse","auditID":"${n.uuid(r)}","user":{"username":"`, pii('EMAIL', v.email(r)), `"},"sourceIPs":["`, pii('IP', v.ipv4(r)), `"],"userAgent":"kubectl/v1.${r.int(25, 31)}.${r.int(0, 9)}"}`],
  (r) => [`W${n.klogTs(r)}       1 env.go:42] container env dump: AWS_ACCESS_KEY_ID=`, pii('AWS_KEY', v.awsAccessKey(r)), ` AWS_SECRET_ACCESS_KEY=`, pii('AWS_KEY', v.awsSecretKey(r)), ` AWS_REGION=eu-west-1`],
  (r) => [`time="${n.isoTs(r)}" level=info msg="git clone" repo=https://x-access-token:`, pii('PASSWORD', v.urlPassword(r)), `@github.com/acme/app.git commit=${n.gitSha(r)}`],
  (r) => [`${n.isoTs(r)} stdout F level=info msg="secret rotated" GITHUB_TOKEN=`, pii('TOKEN', v.token(r)), ` slack_webhook_token=`, pii('TOKEN', `xoxb-${r.digits(12)}-${r.digits(13)}-${r.chars('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 24)}`)],
];

const DB: Template[] = [
  (r) => [`${n.isoTs(r)} UTC [${r.int(100, 99999)}] LOG:  connection authorized: user=app database=prod host=`, pii('IP', v.ipv4(r)), ` port=${r.int(1024, 65535)}`],
  (r) => [`${n.isoTs(r)} UTC [${r.int(100, 99999)}] LOG:  duration: ${r.int(1, 9999)}.${r.digits(3)} ms  statement: UPDATE users SET email='`, pii('EMAIL', v.email(r)), `', phone='`, pii('PHONE', v.phone(r)), `' WHERE id=${r.int(1, 9999999)}`],
  (r) => [`${n.isoTs(r)} UTC [${r.int(100, 99999)}] LOG:  statement: INSERT INTO customers (name, ssn, card) VALUES ('Jane Roe', '`, pii('SSN', v.ssn(r)), `', '`, pii('CREDIT_CARD', v.creditCard(r)), `')`],
  (r) => [`# Time: ${n.isoTs(r)}\n# User@Host: app[app] @ ${n.hostName(r)} [`, pii('IP', v.ipv4(r)), `]  Id: ${r.int(1, 999999)}\n# Query_time: ${r.int(0, 9)}.${r.digits(6)}  Lock_time: 0.000${r.digits(3)} Rows_sent: ${r.int(0, 9999)}\nSELECT * FROM orders WHERE order_no='${n.orderId(r)}';`],
  (r) => [`{"t":{"$date":"${n.isoTs(r)}"},"s":"I","c":"NETWORK","id":${r.int(10000, 99999)},"ctx":"listener","msg":"Connection accepted","attr":{"remote":"`, pii('IP', v.ipv4(r)), `:${r.int(1024, 65535)}","connectionId":${r.int(1, 99999)},"connectionCount":${r.int(1, 500)}}}`],
  (r) => [`${n.isoTs(r)} redis-worker connecting to redis://:`, pii('PASSWORD', v.urlPassword(r)), `@${n.hostName(r)}:6379/0 and mongodb+srv://svc:`, pii('PASSWORD', v.urlPassword(r)), `@cluster0.ab1cd.mongodb.net/app?retryWrites=true`],
];

const MISC: Template[] = [
  (r) => [`${n.isoTs(r)} INFO notify: sms sent to `, pii('PHONE', v.phone(r)), ` template=otp_v${r.int(1, 9)} ttl=${n.duration(r)} msg_id=${n.phoneLikeId(r)}`],
  (r) => [`${n.isoTs(r)} level=warn component=ci msg="deploy key in job output" key=\n`, pii('PRIVATE_KEY', v.privateKey(r, '\n')), `\njob=${r.int(1000, 99999)} runner=${n.podName(r)}`],
  (r) => [`${n.isoTs(r)} level=info msg="vault login" role=app passwd: `, pii('PASSWORD', v.password(r)), ` ttl=768h lease=${n.uuid(r)}`],
  (r) => [`${n.isoTs(r)} [worker-${r.int(1, 16)}] sync job ${n.orderId(r)} done in ${n.duration(r)}, bytes=${r.int(1000, 99999999)}, next page_token=${r.hex(32)}, ${n.version(r)}`],
  (r) => [`${n.isoTs(r)} api_gateway request method=POST path=/v1/charges api_key=`, pii('TOKEN', v.token(r)), ` pwd=`, pii('PASSWORD', v.password(r)), ` latency=${n.duration(r)} upstream=`, pii('IP', v.ipv4(r)), `:${n.port(r)}`],
  (r) => [`${n.isoTs(r)} audit: user `, pii('EMAIL', v.email(r)), ` updated profile: phone=`, pii('PHONE', v.phone(r)), `, ssn=`, pii('SSN', v.ssn(r).replace(/-/g, r.pick(['-', '']))), `, dob=19${r.int(40, 99)}-${r.int(10, 12)}-${r.int(10, 28)}`],
  (r) => [`${n.isoTs(r)} billing: refund ${n.orderId(r)} amount=${r.int(1, 999)}.${r.digits(2)} EUR ref=${v.luhnFailing(r)} batch=${n.epochMs(r)} listening on ${n.harmlessAddress(r)}:${n.port(r)}`],
  (r) => [`${n.isoTs(r)} llm-proxy: forwarding with OPENAI_API_KEY=`, pii('TOKEN', `sk-proj-${r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_', 64)}`), ` model=gpt-4o max_tokens=${r.int(100, 4000)} password reset requested for tenant ${r.int(1, 999)}`],
  (r) => [`${n.isoTs(r)} INFO cli: open /etc/passwd: permission denied (uid=${r.int(1000, 60000)}), retry in ${n.duration(r)}, trace=${n.traceId(r)}`],
  (r) => [`${n.syslogTs(r)} backup CRON[${r.int(100, 99999)}]: (root) CMD (/usr/bin/mysqldump --user=backup --password=`, pii('PASSWORD', v.password(r)), ` --host=${n.hostName(r)} app > /var/backups/app-${r.int(1, 28)}.sql)`],
  (r) => [`${n.isoTs(r)} tomcat: reloaded tomcat-users.xml <user username="admin" password="`, pii('PASSWORD', v.password(r)), `" roles="manager-gui"/> session=${r.hex(8)}`],
  // Realistic look-alikes the rules are known to get wrong; they keep the figures honest.
  (r) => [`${n.isoTs(r)} dpkg: Unpacking libfoo2:amd64 (${r.int(1, 3)}.${r.int(0, 9)}.${r.int(0, 9)}.${r.int(1, 20)}-${r.int(1, 3)}ubuntu${r.int(1, 4)}) over (${r.int(1, 3)}.${r.int(0, 9)}.${r.int(0, 9)}.${r.int(1, 20)}-${r.int(1, 3)}+deb12u${r.int(1, 4)}) ...`],
  (r) => [`${n.isoTs(r)} fleet: agent on ${n.podName(r)} upgraded from ${r.int(1, 9)}.${r.int(0, 9)}.${r.int(0, 9)}.${r.int(1, 99)} to ${r.int(1, 9)}.${r.int(0, 9)}.${r.int(0, 9)}.${r.int(1, 99)}`],
  (r) => [`${n.isoTs(r)} ci: git fetch git@github.com:acme/${r.pick(['app', 'infra', 'web'])}.git (${n.gitSha(r).slice(0, 12)}) in ${n.duration(r)}`],
  (r) => [`${n.isoTs(r)} DEBUG http: Authorization: Basic `, pii('TOKEN', Buffer.from(`svc:${v.password(r)}`).toString('base64')), ` host=${n.hostName(r)} uptime=${r.int(0, 99)}:${r.int(10, 59)}:${r.int(10, 59)}`],
];

const SYSTEMS: ReadonlyArray<readonly [string, readonly Template[]]> = [
  ['web', WEB],
  ['json-app', JSON_APP],
  ['syslog', SYSLOG],
  ['java', JAVA],
  ['k8s', K8S],
  ['database', DB],
  ['misc', MISC],
];

function assemble(system: string, parts: readonly Part[]): CorpusLine {
  let text = '';
  const spans: LabelledSpan[] = [];
  for (const part of parts) {
    if (typeof part === 'string') {
      text += part;
      continue;
    }
    const [type, value] = part;
    spans.push({ type, start: text.length, end: text.length + value.length });
    text += value;
  }
  return { system, text, spans };
}

/**
 * A deterministic labelled corpus: log lines in the shapes of web servers, JSON services, syslog,
 * Java, Kubernetes and databases, with PII at known spans and look-alikes that are not PII.
 */
export function generatePiiCorpus(options: CorpusOptions = {}): CorpusLine[] {
  const r = new Rng(options.seed ?? 42);
  const out: CorpusLine[] = [];
  const count = options.lines ?? 20_000;
  for (let i = 0; i < count; i++) {
    const [system, templates] = r.pick(SYSTEMS);
    out.push(assemble(system, r.pick(templates)(r)));
  }
  return out;
}
