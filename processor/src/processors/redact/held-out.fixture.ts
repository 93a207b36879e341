/**
 * Hand-written lines in the formats real systems print (OpenSSH, Apache, HDFS, sudo, botocore,
 * Kafka, MySQL, Go services, …), kept apart from the generated corpus: input → expected output.
 * Written before looking at the generator's templates, to catch rules shaped by the generator.
 */
export const HELD_OUT: ReadonlyArray<readonly [string, string]> = [
  ['Nov 24 06:25:01 ip-172-31-5-10 sshd[2231]: Invalid user oracle from 61.177.172.13 port 39912', 'Nov 24 06:25:01 ip-172-31-5-10 sshd[2231]: Invalid user oracle from [IP] port 39912'],
  ["2026-11-24T10:00:01.123Z INFO  [main] o.s.b.w.e.tomcat.TomcatWebServer - Tomcat started on port(s): 8080 (http) with context path ''", "2026-11-24T10:00:01.123Z INFO  [main] o.s.b.w.e.tomcat.TomcatWebServer - Tomcat started on port(s): 8080 (http) with context path ''"],
  ['66.249.66.1 - - [24/Nov/2026:10:00:00 +0000] "GET /reset?email=jane.doe%40example.com&token=8f14e45fceea167a5a36dedd4bea2543 HTTP/1.1" 200 512 "-" "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"', '[IP] - - [24/Nov/2026:10:00:00 +0000] "GET /reset?email=[EMAIL]&token=[TOKEN] HTTP/1.1" 200 512 "-" "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"'],
  ['level=error ts=2026-11-24T10:00:00Z caller=main.go:42 msg="failed to connect" dsn="postgres://billing:Tr0ub4dor%263@10.20.30.40:5432/billing?sslmode=disable"', 'level=error ts=2026-11-24T10:00:00Z caller=main.go:42 msg="failed to connect" dsn="postgres://billing:[PASSWORD]@[IP]:5432/billing?sslmode=disable"'],
  ['May 12 10:11:12 gw dhcpd: DHCPACK on 192.168.1.23 to 3c:22:fb:12:34:56 (macbook) via eth0', 'May 12 10:11:12 gw dhcpd: DHCPACK on [IP] to 3c:22:fb:12:34:56 (macbook) via eth0'],
  ['[2026-11-24 10:00:00,000] INFO Kafka version: 3.7.0 (org.apache.kafka.common.utils.AppInfoParser)', '[2026-11-24 10:00:00,000] INFO Kafka version: 3.7.0 (org.apache.kafka.common.utils.AppInfoParser)'],
  ["Caused by: java.sql.SQLException: Access denied for user 'root'@'localhost' (using password: NO)", "Caused by: java.sql.SQLException: Access denied for user 'root'@'localhost' (using password: NO)"],
  ['{"@timestamp":"2026-11-24T10:00:00.000Z","message":"SMS OTP sent","phone":"+447700900123","user_id":982734}', '{"@timestamp":"2026-11-24T10:00:00.000Z","message":"SMS OTP sent","phone":"[PHONE]","user_id":982734}'],
  ['DEBUG botocore.auth: Credential=AKIAIOSFODNN7EXAMPLE/20261124/us-east-1/s3/aws4_request', 'DEBUG botocore.auth: Credential=[AWS_KEY]/20261124/us-east-1/s3/aws4_request'],
  ['curl -H "Authorization: token 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" https://api.github.com/user', 'curl -H "Authorization: token [TOKEN]" https://api.github.com/user'],
  ['Java HotSpot(TM) 64-Bit Server VM 17.0.9+9-LTS (build 17.0.9+9-LTS, mixed mode, sharing)', 'Java HotSpot(TM) 64-Bit Server VM 17.0.9+9-LTS (build 17.0.9+9-LTS, mixed mode, sharing)'],
  ['POST /api/users {"name":"Ann","email":"ann@example.org","ssn":"078-05-1120","card":"5555 5555 5555 4444"}', 'POST /api/users {"name":"Ann","email":"[EMAIL]","ssn":"[SSN]","card":"[CREDIT_CARD]"}'],
  ['Connection from [2001:db8:85a3::8a2e:370:7334]:51234 closed after 120s', 'Connection from [[IP]]:51234 closed after 120s'],
  ['disk /dev/sda1 usage 91.2% at 2026-11-24 10:00:00, inode 1234567890123456 free', 'disk /dev/sda1 usage 91.2% at 2026-11-24 10:00:00, inode 1234567890123456 free'],
  ['[GC pause (G1 Evacuation Pause) (young) 1024M->256M(4096M) 12.345ms]', '[GC pause (G1 Evacuation Pause) (young) 1024M->256M(4096M) 12.345ms]'],
  ["export DATABASE_PASSWORD='s3cr3t p@ss'", "export DATABASE_PASSWORD='[PASSWORD]'"],
  ['Slack API call failed: token=xoxb-2345678901-2345678901234-AbCdEfGhIjKlMnOpQrStUvWx invalid_auth', 'Slack API call failed: token=[TOKEN] invalid_auth'],
  ['Received JWT eyJhbGciOiJSUzI1NiIsImtpZCI6IjEifQ.eyJpc3MiOiJodHRwczovL2F1dGguZXhhbXBsZS5jb20iLCJzdWIiOiIxMjMifQ.c2lnbmF0dXJl for aud api', 'Received JWT [JWT] for aud api'],
  ['call support at 1-800-555-0199 or +1 (212) 555-0123', 'call support at [PHONE] or [PHONE]'],
  ['uptime 12:34:56, load average: 0.52, 0.58, 0.59', 'uptime 12:34:56, load average: 0.52, 0.58, 0.59'],
  ['snmp trap from 10.1.1.1 oid 1.3.6.1.4.1.9.9.41.1.2.3.1.2', 'snmp trap from [IP] oid 1.3.6.1.4.1.9.9.41.1.2.3.1.2'],
  ['Server version: Apache/2.4.58 (Unix) firmware 2.4.1.10 built 2026-11-01', 'Server version: Apache/2.4.58 (Unix) firmware 2.4.1.10 built 2026-11-01'],
  ['listening on 0.0.0.0:9090 and [::]:9090, metrics on 127.0.0.1:9100', 'listening on 0.0.0.0:9090 and [::]:9090, metrics on 127.0.0.1:9100'],
  ['pod/checkout-5f7c9d8b4-abcde IP 10.244.3.17 node ip-10-0-2-15', 'pod/checkout-5f7c9d8b4-abcde IP [IP] node ip-10-0-2-15'],
  ['  password: "hunter2!"', '  password: "[PASSWORD]"'],
  ['Loaded key:\n-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmU=\n-----END OPENSSH PRIVATE KEY-----\nready', 'Loaded key:\n[PRIVATE_KEY]\nready'],
  ['amqp://guest:guest@rabbitmq:5672/', 'amqp://guest:[PASSWORD]@rabbitmq:5672/'],
  ['traceparent=00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01 took 1500 ms, retry 3/5, id=1700000000123', 'traceparent=00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01 took 1500 ms, retry 3/5, id=1700000000123'],
  ['openai client configured with key sk-abc123def456ghi789jkl012mno345pqr678stu901vwx234', 'openai client configured with key [TOKEN]'],
  ['iface eth0 mac 00:1A:2B:3C:4D:5E addr fe80::21a:2bff:fe3c:4d5e%eth0', 'iface eth0 mac 00:1A:2B:3C:4D:5E addr [IP]%eth0'],
  ['Dec 10 07:07:38 LabSZ sshd[24206]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=112.95.230.3  user=root', 'Dec 10 07:07:38 LabSZ sshd[24206]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=[IP]  user=root'],
  ['081109 203615 148 INFO dfs.DataNode$PacketResponder: Received block blk_-1608999687919862906 of size 91178 from /10.250.10.6', '081109 203615 148 INFO dfs.DataNode$PacketResponder: Received block blk_-1608999687919862906 of size 91178 from /[IP]'],
  ['sudo: alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/bin/cat /etc/passwd', 'sudo: alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/bin/cat /etc/passwd'],
  ['payment ref 4111111111111112 failed luhn, amount 1234.56, ticket JIRA-4411', 'payment ref 4111111111111112 failed luhn, amount 1234.56, ticket JIRA-4411'],
  ['{"event":"login","user":"bob","passwd":"p4$$w0rd","ip":"203.0.113.77"}', '{"event":"login","user":"bob","passwd":"[PASSWORD]","ip":"[IP]"}'],
  ['Using AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY from env', 'Using AWS_SECRET_ACCESS_KEY=[AWS_KEY] from env'],
  ['X-Api-Key: 3f9a7c2e1b8d4f6a9c0e2b4d6f8a1c3e', 'X-Api-Key: [TOKEN]'],
];

/** Real PII the rules miss today; listed so the gap is visible (see docs/pii-redaction.md). */
export const KNOWN_GAPS: readonly string[] = [
  'mysql -uroot -pS3cret! -h db',
  'redis.conf: requirepass foobared',
  'call me on 555-0123 (7-digit local number)',
];
