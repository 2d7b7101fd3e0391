import { randomBytes } from 'node:crypto';
import { asc, eq, isNull, and } from 'drizzle-orm';
import type { AppContext } from './context.js';
import { channels, workspaces } from './db/schema.js';
import { recordEvent, systemActor } from './events/event-log.js';
import { sha256 } from './lib/crypto.js';
import { checkChannelCredentials } from './modules/channels/channel-credentials.js';
import { startSimulator } from './simulator/index.js';

export const DEMO_PHONE_NUMBER_ID = '100000000000001';
const DEMO_WABA_ID = '100000000000002';

/** Credentials of the simulated number, kept beside the data so a restart reconnects the same one. */
function demoSecrets(ctx: AppContext) {
  const seed = sha256(`${ctx.config.secretKey}:demo`);
  return { accessToken: `EAAGdemo${seed.slice(0, 24)}`, appSecret: seed.slice(24, 56), verifyToken: `demo-${seed.slice(56, 64)}` };
}

export type DemoNumber = {
  /** The simulator's customer phone, where you chat as a customer. */
  url: string;
  /** The workspace the simulated number belongs to; null until the first one is created. */
  connectedTo: string | null;
  stop(): Promise<void>;
};

/**
 * Demo mode: a local WhatsApp simulator with one number, connected to the first workspace (as soon
 * as the setup wizard creates it), so a shop owner can try Bandeja without a Meta account.
 * `onConnected` is told when that happens after the start (a fresh data folder has no workspace yet).
 */
export async function startDemo(ctx: AppContext, bandejaUrl: string, options: { port?: number; onConnected?: (workspaceName: string) => void } = {}): Promise<DemoNumber> {
  const simulator = await startSimulator({ port: options.port ?? 0, retryBaseMs: 500 });
  // The simulator is a Graph API on loopback: the outbound guard calls it only because it is listed.
  ctx.outbound.allowOrigin(simulator.url);
  ctx.demo = { simulatorUrl: simulator.url, phoneNumberId: DEMO_PHONE_NUMBER_ID };
  const secrets = demoSecrets(ctx);
  simulator.addNumber({
    phoneNumberId: DEMO_PHONE_NUMBER_ID,
    wabaId: DEMO_WABA_ID,
    displayPhoneNumber: '+54 11 5555-0000',
    verifiedName: 'Tienda Demo',
    webhookUrl: `${bandejaUrl}/webhooks/whatsapp`,
    ...secrets,
  });
  const demo: DemoNumber = { url: simulator.url, connectedTo: null, stop: () => simulator.stop() };
  const connect = () =>
    connectDemoNumber(ctx, simulator.url).catch((error) => {
      ctx.logger.error({ err: error }, 'demo number not connected');
      return null;
    });
  demo.connectedTo = await connect();
  ctx.eventBus.subscribe((event) => {
    if (event.type !== 'workspace.created' || demo.connectedTo) return;
    void connect().then((workspaceName) => {
      if (!workspaceName || demo.connectedTo) return;
      demo.connectedTo = workspaceName;
      options.onConnected?.(workspaceName);
    });
  });
  return demo;
}

/** The start banner's demo line: only says the number is connected once a workspace has it. */
export function demoBannerLine(demo: Pick<DemoNumber, 'url' | 'connectedTo'>): string {
  return demo.connectedTo
    ? `Demo: a simulated WhatsApp number is connected to "${demo.connectedTo}". Chat as a customer at ${demo.url}`
    : `Demo: a simulated WhatsApp number is ready; it will be connected to the first workspace you create. Chat as a customer at ${demo.url}`;
}

/** Connects the simulated number to the first workspace; returns that workspace's name, or null when there is none yet. */
async function connectDemoNumber(ctx: AppContext, simulatorUrl: string): Promise<string | null> {
  const [workspace] = await ctx.db.select().from(workspaces).orderBy(asc(workspaces.createdAt)).limit(1);
  if (!workspace) return null;
  const secrets = demoSecrets(ctx);
  const [existing] = await ctx.db.select().from(channels).where(and(eq(channels.phoneNumberId, DEMO_PHONE_NUMBER_ID), isNull(channels.deletedAt)));
  let channel = existing;
  if (channel) {
    // The simulator listens on a new port each run.
    [channel] = await ctx.db.update(channels).set({ apiBaseUrl: simulatorUrl }).where(eq(channels.id, channel.id)).returning();
  } else {
    channel = await ctx.transaction(async (tx) => {
      const [created] = await tx
        .insert(channels)
        .values({
          workspaceId: workspace.id,
          name: 'Demo (simulador)',
          phoneNumberId: DEMO_PHONE_NUMBER_ID,
          wabaId: DEMO_WABA_ID,
          accessTokenSealed: ctx.secrets.encrypt(secrets.accessToken),
          appSecretSealed: ctx.secrets.encrypt(secrets.appSecret),
          verifyTokenSealed: ctx.secrets.encrypt(secrets.verifyToken),
          verifyTokenHash: sha256(secrets.verifyToken),
          apiBaseUrl: simulatorUrl,
          apiVersion: 'v23.0',
        })
        .returning();
      await recordEvent(tx, { workspaceId: workspace.id, actor: systemActor, type: 'channel.connected', subjectType: 'channel', subjectId: created!.id, payload: { name: created!.name, demo: true } });
      return created!;
    });
  }
  await checkChannelCredentials(ctx, channel!);
  const [owner] = await ctx.db.select({ name: workspaces.name }).from(workspaces).where(eq(workspaces.id, channel!.workspaceId));
  return owner?.name ?? workspace.name;
}

/** `bandeja simulator`: the simulator alone, with a number whose credentials are printed to paste in Bandeja. */
export async function runStandaloneSimulator(options: { port: number; webhookUrl: string }) {
  const simulator = await startSimulator({ port: options.port, retryBaseMs: 1000 });
  const credentials = {
    phoneNumberId: String(100000000000000 + Math.floor(Math.random() * 8e14)),
    wabaId: '102290129340398',
    accessToken: `EAAG${randomBytes(18).toString('base64url')}`,
    appSecret: randomBytes(16).toString('hex'),
    verifyToken: `verify-${randomBytes(6).toString('hex')}`,
  };
  simulator.addNumber({ ...credentials, displayPhoneNumber: '+54 11 5555-0000', verifiedName: 'Tienda Simulada', webhookUrl: options.webhookUrl });
  return { simulator, credentials };
}
