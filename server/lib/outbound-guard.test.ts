import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config.js';
import { type AddressLookup, forbiddenAddressReason, OutboundGuard, OutboundRefusedError, readLimited } from './outbound-guard.js';

/** A loopback server that counts what reaches it. */
async function countingServer(answer: (url: string) => { status: number; headers?: Record<string, string>; body?: string }) {
  const hits: string[] = [];
  const server: Server = createServer((request, response) => {
    hits.push(request.url ?? '');
    const { status, headers, body } = answer(request.url ?? '');
    response.writeHead(status, headers);
    response.end(body ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return { hits, port, url: `http://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Answers from a table, never from the network: tests send no packet off loopback. */
const fakeLookup = (table: Record<string, string[]>): AddressLookup => async (hostname) => {
  const addresses = table[hostname];
  if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
  return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
};

describe('which addresses the guard refuses', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.8.9.10', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['192.168.1.20', 'private'],
    ['169.254.169.254', 'linkLocal'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.251', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['::1', 'loopback'],
    ['fe80::1', 'linkLocal'],
    ['fc00::1', 'uniqueLocal'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:10.0.0.1', 'private'],
    ['168.63.129.16', 'cloud metadata address'],
    ['100.100.100.200', 'cloud metadata address'],
    ['fd00:ec2::254', 'cloud metadata address'],
    ['::127.0.0.1', 'loopback'],
    ['::a00:1', 'ipv4Compatible'],
  ])('refuses %s (%s)', (address, reason) => {
    expect(forbiddenAddressReason(address)).toBe(reason);
  });

  it.each(['157.240.22.35', '8.8.8.8', '2a03:2880:f12f:83:face:b00c:0:25de'])('allows the public address %s', (address) => {
    expect(forbiddenAddressReason(address)).toBeNull();
  });
});

describe('the guard’s decision', () => {
  const guard = new OutboundGuard({
    allowedOrigins: ['http://sim.internal:4000', 'http://10.0.0.7:*'],
    lookup: fakeLookup({
      'graph.example': ['157.240.22.35'],
      'intranet.example': ['10.20.30.40'],
      'metadata.example': ['169.254.169.254'],
      'mixed.example': ['157.240.22.35', '192.168.0.10'],
      'sim.internal': ['127.0.0.1'],
    }),
  });
  afterAll(() => guard.close());

  it('allows a name that resolves to public addresses only', async () => {
    expect(await guard.check('https://graph.example/v23.0/123')).toEqual({ ok: true, address: '157.240.22.35', listed: false });
  });

  it('refuses names that resolve to private, metadata or mixed addresses, after resolution', async () => {
    for (const url of ['https://intranet.example/', 'http://metadata.example/latest/meta-data', 'https://mixed.example/']) {
      const decision = await guard.check(url);
      expect(decision.ok, url).toBe(false);
      expect(decision).toMatchObject({ reason: expect.stringMatching(/private|linkLocal/) });
    }
  });

  it('refuses IP literals, unknown names, other schemes and credentials in the URL', async () => {
    expect(await guard.check('http://127.0.0.1:5432/')).toMatchObject({ ok: false, reason: expect.stringContaining('loopback') });
    expect(await guard.check('http://[::1]:6379/')).toMatchObject({ ok: false, reason: expect.stringContaining('loopback') });
    expect(await guard.check('http://nowhere.example/')).toMatchObject({ ok: false, reason: 'the host name does not resolve' });
    expect(await guard.check('file:///etc/passwd')).toMatchObject({ ok: false, reason: 'only http and https are allowed' });
    expect(await guard.check('https://user:pass@graph.example/')).toMatchObject({ ok: false, reason: 'credentials in the URL are not allowed' });
  });

  it('allows exactly the listed origins, whatever they resolve to', async () => {
    expect(await guard.check('http://sim.internal:4000/v23.0/1')).toMatchObject({ ok: true, listed: true });
    expect(await guard.check('http://sim.internal:4001/')).toMatchObject({ ok: false });
    expect(await guard.check('https://sim.internal:4000/')).toMatchObject({ ok: false });
    expect(await guard.check('http://10.0.0.7:8080/hook')).toMatchObject({ ok: true, listed: true });
    expect(await guard.check('http://10.0.0.8:8080/hook')).toMatchObject({ ok: false });
  });
});

describe('requests through the guard', () => {
  let internal: Awaited<ReturnType<typeof countingServer>>;
  let redirecting: Awaited<ReturnType<typeof countingServer>>;
  beforeAll(async () => {
    internal = await countingServer(() => ({ status: 200, body: 'internal secret' }));
    redirecting = await countingServer(() => ({ status: 302, headers: { location: `${internal.url}/admin` } }));
  });
  afterAll(async () => {
    await internal.close();
    await redirecting.close();
  });

  it('sends nothing to an address that is not allowed', async () => {
    const guard = new OutboundGuard({ allowedOrigins: [] });
    await expect(guard.fetch(`${internal.url}/x`)).rejects.toBeInstanceOf(OutboundRefusedError);
    await guard.close();
    expect(internal.hits).toEqual([]);
  });

  it('connects to the address its own lookup checked: a name rebound to loopback after a check is refused at connect time', async () => {
    let calls = 0;
    // First answer public (what a save-time check would see), then loopback (what an attacker's DNS answers next).
    const rebinding: AddressLookup = async () => [{ address: calls++ === 0 ? '157.240.22.35' : '127.0.0.1', family: 4 }];
    const guard = new OutboundGuard({ allowedOrigins: [], lookup: rebinding });
    expect(await guard.check(`http://rebind.example:${internal.port}/`)).toMatchObject({ ok: true });
    await expect(guard.fetch(`http://rebind.example:${internal.port}/x`)).rejects.toMatchObject({ name: 'OutboundRefusedError', reason: expect.stringContaining('loopback') });
    await guard.close();
    expect(internal.hits).toEqual([]);
  });

  it('reaches a listed origin through the address the lookup gave', async () => {
    const guard = new OutboundGuard({ allowedOrigins: [`http://sim.internal:${internal.port}`], lookup: fakeLookup({ 'sim.internal': ['127.0.0.1'] }) });
    const response = await guard.fetch(`http://sim.internal:${internal.port}/ok`);
    expect(await response.text()).toBe('internal secret');
    await guard.close();
    expect(internal.hits).toEqual(['/ok']);
    internal.hits.length = 0;
  });

  it('never follows a redirect, even from an allowed origin', async () => {
    const guard = new OutboundGuard({ allowedOrigins: [redirecting.url] });
    const response = await guard.fetch(`${redirecting.url}/start`);
    expect(response.status).toBe(302);
    await guard.close();
    expect(redirecting.hits).toEqual(['/start']);
    expect(internal.hits).toEqual([]);
  });

  it('stops reading an answer larger than the cap', async () => {
    const big = await countingServer(() => ({ status: 200, body: 'x'.repeat(64 * 1024) }));
    const guard = new OutboundGuard({ allowedOrigins: [big.url] });
    await expect(readLimited(await guard.fetch(big.url), 1024)).rejects.toThrow('larger than 1024 bytes');
    await guard.close();
    await big.close();
  });
});

describe('OUTBOUND_ALLOWED_ORIGINS', () => {
  it('is a comma-separated list of origins', () => {
    const config = loadConfig({ DATA_DIR: '/tmp/bandeja-config-test', SECRET_KEY: 'k'.repeat(40), OUTBOUND_ALLOWED_ORIGINS: 'http://127.0.0.1:4000, https://hooks.shop.lan:*' });
    expect(config.outboundAllowedOrigins).toEqual(['http://127.0.0.1:4000', 'https://hooks.shop.lan:*']);
    expect(loadConfig({ DATA_DIR: '/tmp/bandeja-config-test', SECRET_KEY: 'k'.repeat(40) }).outboundAllowedOrigins).toEqual([]);
  });

  it('stops the process naming a bad entry', () => {
    const load = () => loadConfig({ DATA_DIR: '/tmp/bandeja-config-test', SECRET_KEY: 'k'.repeat(40), OUTBOUND_ALLOWED_ORIGINS: 'http://127.0.0.1:4000/path,ftp://x' });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/OUTBOUND_ALLOWED_ORIGINS: "http:\/\/127.0.0.1:4000\/path" must be an origin only/);
  });
});
