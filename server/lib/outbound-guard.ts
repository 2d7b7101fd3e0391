import { promises as dns } from 'node:dns';
import type { LookupAddress } from 'node:dns';
import net from 'node:net';
import ipaddr from 'ipaddr.js';
import { Agent, fetch as undiciFetch, type RequestInit, type Response } from 'undici';

/**
 * The one way the server calls addresses a tenant chose (the Graph API base URL of a number, and
 * later outgoing webhooks and a flow's HTTP step). A destination is refused when it resolves to a
 * loopback, private, link-local, carrier-grade NAT, multicast, reserved or cloud-metadata address,
 * unless its origin is listed in OUTBOUND_ALLOWED_ORIGINS. The connection is made to the address
 * that was checked (the lookup that decides is the lookup that connects: no DNS rebinding), and
 * redirects are never followed.
 */

export type ResolvedAddress = { address: string; family: 4 | 6 };
/** Resolves a host name to every address it has; tests hand in one that answers what they need. */
export type AddressLookup = (hostname: string) => Promise<ResolvedAddress[]>;

export class OutboundRefusedError extends Error {
  constructor(
    readonly destination: string,
    readonly reason: string,
  ) {
    super(`Outbound request to ${destination} refused: ${reason}`);
    this.name = 'OutboundRefusedError';
  }
}

/** Public unicast addresses ipaddr.js does not flag, that answer as a cloud's metadata or host service. */
const metadataAddresses = new Set(['168.63.129.16', '100.100.100.200', 'fd00:ec2::254']);

/** Why an IP address may not be called (its range, as ipaddr.js names it), or null for a public one. */
export function forbiddenAddressReason(address: string): string | null {
  if (!ipaddr.isValid(address)) return 'not an IP address';
  let parsed = ipaddr.parse(address);
  if (parsed instanceof ipaddr.IPv6 && parsed.isIPv4MappedAddress()) parsed = parsed.toIPv4Address();
  const normalized = parsed.toString();
  if (metadataAddresses.has(normalized)) return 'cloud metadata address';
  const range = parsed.range();
  // `::a.b.c.d` (IPv4-compatible, deprecated) is "unicast" to ipaddr.js; nothing public lives there.
  if (range === 'unicast' && parsed instanceof ipaddr.IPv6 && parsed.parts.slice(0, 6).every((part) => part === 0)) return 'ipv4Compatible';
  return range === 'unicast' ? null : range;
}

/** `http://host:port` exactly, or `http://host:*` for any port of that host. */
export type OriginPattern = { protocol: string; hostname: string; port: string | '*' };

/** Parses one OUTBOUND_ALLOWED_ORIGINS entry; throws with a readable message on a bad one. */
export function parseOriginPattern(entry: string): OriginPattern {
  const trimmed = entry.trim();
  const wildcard = /:\*$/.test(trimmed);
  let url: URL;
  try {
    url = new URL(wildcard ? trimmed.replace(/:\*$/, '') : trimmed);
  } catch {
    throw new Error(`"${entry}" is not an origin like http://127.0.0.1:4000`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`"${entry}" must start with http:// or https://`);
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash || url.username || url.password) {
    throw new Error(`"${entry}" must be an origin only (scheme, host and port, no path)`);
  }
  return { protocol: url.protocol, hostname: url.hostname, port: wildcard ? '*' : portOf(url) };
}

const portOf = (url: URL) => url.port || (url.protocol === 'https:' ? '443' : '80');

const systemLookup: AddressLookup = async (hostname) =>
  (await dns.lookup(hostname, { all: true, verbatim: true })).map((entry) => ({ address: entry.address, family: entry.family === 6 ? 6 : 4 }));

export type OutboundFetchInit = Omit<RequestInit, 'redirect' | 'dispatcher' | 'signal'> & {
  timeoutMs?: number;
};

export type OutboundGuardOptions = {
  allowedOrigins: string[];
  lookup?: AddressLookup;
};

export class OutboundGuard {
  private readonly allowed: OriginPattern[];
  private readonly lookup: AddressLookup;
  /** Connects to listed origins as they resolve. */
  private readonly listedAgent: Agent;
  /** Connects only to the address its own lookup checked. */
  private readonly checkedAgent: Agent;

  constructor(options: OutboundGuardOptions) {
    this.allowed = options.allowedOrigins.map(parseOriginPattern);
    this.lookup = options.lookup ?? systemLookup;
    this.listedAgent = new Agent({ connect: { lookup: this.connectLookup(false) } });
    this.checkedAgent = new Agent({ connect: { lookup: this.connectLookup(true) } });
  }

  /** Adds an origin at run time (the demo's simulator, which listens on a port chosen at start). */
  allowOrigin(origin: string) {
    this.allowed.push(parseOriginPattern(origin));
  }

  /** Whether the URL's origin is one the server's configuration allows whatever its address. */
  isListed(url: string | URL): boolean {
    const parsed = typeof url === 'string' ? safeUrl(url) : url;
    if (!parsed) return false;
    const port = portOf(parsed);
    return this.allowed.some((pattern) => pattern.protocol === parsed.protocol && pattern.hostname === parsed.hostname && (pattern.port === '*' || pattern.port === port));
  }

  /**
   * The guard's decision for a URL, resolving its host: the address a request would connect to, or
   * the reason it is refused. Every address a name resolves to must be allowed.
   */
  async check(url: string): Promise<{ ok: true; address: string | null; listed: boolean } | { ok: false; reason: string }> {
    try {
      const parsed = this.preflight(url);
      if (this.isListed(parsed)) return { ok: true, address: null, listed: true };
      const [first] = await this.resolveChecked(hostOf(parsed));
      return { ok: true, address: first!.address, listed: false };
    } catch (error) {
      if (error instanceof OutboundRefusedError) return { ok: false, reason: error.reason };
      throw error;
    }
  }

  /**
   * fetch through the guard: refused destinations throw OutboundRefusedError before any packet is
   * sent; redirects come back as the 3xx response itself (never followed); a timeout aborts.
   */
  async fetch(url: string, init: OutboundFetchInit = {}): Promise<Response> {
    const parsed = this.preflight(url);
    const listed = this.isListed(parsed);
    // IP literals never reach a lookup: check them here. Names are checked when the connection resolves them.
    if (!listed && net.isIP(hostOf(parsed))) assertAllowedAddress(hostOf(parsed), parsed.host);
    const { timeoutMs = 15_000, ...rest } = init;
    try {
      return await undiciFetch(parsed, {
        ...rest,
        redirect: 'manual',
        dispatcher: listed ? this.listedAgent : this.checkedAgent,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const refused = refusalIn(error);
      if (refused) throw refused;
      throw error;
    }
  }

  async close() {
    await Promise.all([this.listedAgent.close(), this.checkedAgent.close()]);
  }

  private preflight(url: string): URL {
    const parsed = safeUrl(url);
    if (!parsed) throw new OutboundRefusedError(url.slice(0, 200), 'not a valid URL');
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new OutboundRefusedError(parsed.origin, 'only http and https are allowed');
    if (parsed.username || parsed.password) throw new OutboundRefusedError(parsed.host, 'credentials in the URL are not allowed');
    return parsed;
  }

  private async resolveChecked(hostname: string): Promise<ResolvedAddress[]> {
    if (net.isIP(hostname)) {
      assertAllowedAddress(hostname, hostname);
      return [{ address: hostname, family: net.isIP(hostname) === 6 ? 6 : 4 }];
    }
    let addresses: ResolvedAddress[];
    try {
      addresses = await this.lookup(hostname);
    } catch {
      throw new OutboundRefusedError(hostname, 'the host name does not resolve');
    }
    if (addresses.length === 0) throw new OutboundRefusedError(hostname, 'the host name does not resolve');
    for (const { address } of addresses) assertAllowedAddress(address, hostname);
    return addresses;
  }

  private connectLookup(checked: boolean) {
    return (hostname: string, options: { all?: boolean }, callback: (error: Error | null, address: string | LookupAddress[], family?: number) => void) => {
      const resolve = checked ? this.resolveChecked(hostname) : this.lookup(hostname);
      resolve.then(
        (addresses) => {
          if (options.all) callback(null, addresses);
          else callback(null, addresses[0]!.address, addresses[0]!.family);
        },
        (error: Error) => callback(error, ''),
      );
    };
  }
}

function assertAllowedAddress(address: string, destination: string) {
  const reason = forbiddenAddressReason(address);
  if (reason) throw new OutboundRefusedError(destination, `it resolves to a ${reason} address (${address}), which only OUTBOUND_ALLOWED_ORIGINS can allow`);
}

/** URL.hostname keeps an IPv6 literal's brackets; lookups and net.isIP want it without. */
const hostOf = (url: URL) => url.hostname.replace(/^\[(.*)\]$/, '$1');

function safeUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

function refusalIn(error: unknown): OutboundRefusedError | null {
  for (let current = error as { cause?: unknown } | undefined, depth = 0; current && depth < 5; current = current.cause as { cause?: unknown } | undefined, depth++) {
    if (current instanceof OutboundRefusedError) return current;
  }
  return null;
}

/** Reads a response body, refusing one larger than `maxBytes` (a remote server must not fill our memory). */
export async function readLimited(response: Response, maxBytes: number): Promise<Buffer> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel();
    throw new ResponseTooLargeError(maxBytes);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  if (!response.body) return Buffer.alloc(0);
  for await (const chunk of response.body) {
    size += chunk.byteLength;
    // Throwing out of the loop cancels the stream.
    if (size > maxBytes) throw new ResponseTooLargeError(maxBytes);
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

export class ResponseTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`the response is larger than ${maxBytes} bytes`);
    this.name = 'ResponseTooLargeError';
  }
}
