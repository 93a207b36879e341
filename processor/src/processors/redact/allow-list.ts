import { isIPv4, isIPv6 } from 'node:net';
import { ConfigError } from '../../domain/errors.js';
import type { PiiType } from './pii-types.js';
import type { RedactConfig } from './redact.config.js';
import { ipv4ToInt, parseIpv4 } from './rules/validators.js';

interface Cidr4 {
  readonly base: number;
  readonly mask: number;
}

const PRIVATE_V4: readonly string[] = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '169.254.0.0/16'];

function parseCidr4(text: string): Cidr4 | null {
  const [addr, bitsText] = text.split('/');
  if (addr === undefined || !isIPv4(addr)) return null;
  const bits = bitsText === undefined ? 32 : Number(bitsText);
  if (!Number.isInteger(bits) || bits < 0 || bits > 32) return null;
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return { base: (ipv4ToInt(addr) & mask) >>> 0, mask };
}

function inCidrs(ip: number, cidrs: readonly Cidr4[]): boolean {
  return cidrs.some((c) => ((ip & c.mask) >>> 0) === c.base);
}

function globToRegExp(glob: string): RegExp {
  const source = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${source}$`, 'i');
}

/** Collects the config problems of the allow-list, so they are all reported at once. */
function compileOrCollect(sources: readonly string[], issues: string[]): RegExp[] {
  const out: RegExp[] = [];
  for (const source of sources) {
    try {
      out.push(new RegExp(`^(?:${source})$`, 'i'));
    } catch (error) {
      issues.push(`redact.allow.patterns: invalid regex ${JSON.stringify(source)} (${(error as Error).message})`);
    }
  }
  return out;
}

/** Decides whether a detected value is kept verbatim. Built once from the config. */
export class AllowList {
  private readonly v4Cidrs: Cidr4[] = [];
  private readonly v6Exact = new Set<string>();
  private readonly emails: RegExp[];
  private readonly patterns: RegExp[];
  private readonly allow: RedactConfig['allow'];

  constructor(allow: RedactConfig['allow']) {
    this.allow = allow;
    const issues: string[] = [];
    const v4 = [...allow.ips, ...(allow.privateIps ? PRIVATE_V4 : [])];
    for (const entry of v4) {
      if (isIPv6(entry)) {
        this.v6Exact.add(entry.toLowerCase());
        continue;
      }
      const cidr = parseCidr4(entry);
      if (cidr) this.v4Cidrs.push(cidr);
      else issues.push(`redact.allow.ips: ${JSON.stringify(entry)} is neither an IP nor an IPv4 CIDR`);
    }
    this.emails = allow.emails.map(globToRegExp);
    this.patterns = compileOrCollect(allow.patterns, issues);
    if (issues.length > 0) throw new ConfigError(issues);
  }

  /** True when this value of this type must stay as it is. */
  keeps(type: PiiType, value: string): boolean {
    if (type === 'IP' && this.keepsIp(value)) return true;
    if (type === 'EMAIL' && this.emails.some((re) => re.test(value))) return true;
    return this.patterns.length > 0 && this.patterns.some((re) => re.test(value));
  }

  private keepsIp(value: string): boolean {
    const ip = parseIpv4(value);
    if (ip >= 0) {
      if (this.allow.loopbackIps && ip >>> 24 === 127) return true;
      if (this.allow.unspecifiedIps && ip === 0) return true;
      return inCidrs(ip, this.v4Cidrs);
    }
    const v6 = value.toLowerCase();
    if (this.allow.loopbackIps && (v6 === '::1' || v6 === '0:0:0:0:0:0:0:1')) return true;
    if (this.allow.unspecifiedIps && (v6 === '::' || v6 === '0:0:0:0:0:0:0:0')) return true;
    if (this.allow.privateIps && /^f[cd][0-9a-f]{0,2}:|^fe[89ab][0-9a-f]?:/.test(v6)) return true;
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(v6);
    if (mapped?.[1] !== undefined) return this.keepsIp(mapped[1]);
    return this.v6Exact.has(v6);
  }
}
