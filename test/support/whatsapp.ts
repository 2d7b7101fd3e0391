import { randomBytes } from 'node:crypto';
import { startSimulator, type Simulator } from '../../server/simulator/index.js';
import type { TestApp } from './app.js';
import type { TestClient } from './client.js';

/** A simulated WhatsApp number connected to Bandeja through the real API (credentials checked over HTTP). */
export async function connectSimulatedNumber(t: TestApp, owner: TestClient, simulator: Simulator, overrides: { throughputPerSecond?: number | null; pairRate?: false } = {}) {
  const phoneNumberId = String(100000000000 + Math.floor(Math.random() * 8e11));
  const secrets = { accessToken: `EAAG${randomBytes(12).toString('hex')}`, appSecret: randomBytes(16).toString('hex'), verifyToken: `verify-${randomBytes(6).toString('hex')}` };
  simulator.addNumber({
    phoneNumberId,
    wabaId: '102290129340398',
    displayPhoneNumber: '+54 11 5555-0000',
    verifiedName: 'Tienda Sur',
    webhookUrl: `${t.url}/webhooks/whatsapp`,
    throughputPerSecond: overrides.throughputPerSecond ?? null,
    pairRate: overrides.pairRate ?? false,
    ...secrets,
  });
  const response = await owner.post('/api/v1/channels', {
    type: 'whatsapp',
    name: 'Ventas',
    phoneNumberId,
    wabaId: '102290129340398',
    apiBaseUrl: simulator.url,
    apiVersion: 'v23.0',
    ...secrets,
  });
  if (response.statusCode !== 201) throw new Error(`connect failed: ${response.body}`);
  return { phoneNumberId, channel: response.json().channel as { id: string }, check: response.json().check, ...secrets };
}

export async function withSimulator() {
  return startSimulator({ retryBaseMs: 50, customerDefaults: { delaysMs: { sent: 5, delivered: 10, read: 20 } } });
}
