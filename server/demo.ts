import { randomBytes } from 'node:crypto';
import { asc, eq, isNull, and } from 'drizzle-orm';
import type { AppContext } from './context.js';
import { channels, workspaces } from './db/schema.js';
import { recordEvent, systemActor } from './events/event-log.js';
import { sha256 } from './lib/crypto.js';
import { checkChannelCredentials } from './modules/channels/channel-credentials.js';
import { startSimulator, type Simulator } from './simulator/index.js';

export const DEMO_PHONE_NUMBER_ID = '100000000000001';
const DEMO_WABA_ID = '100000000000002';

/** Credentials of the simulated number, kept beside the data so a restart reconnects the same one. */
function demoSecrets(ctx: AppContext) {
  const seed = sha256(`${ctx.config.secretKey}:demo`);
  return { accessToken: `EAAGdemo${seed.slice(0, 24)}`, appSecret: seed.slice(24, 56), verifyToken: `demo-${seed.slice(56, 64)}` };
}

/**
 * Demo mode: a local WhatsApp simulator with one number, connected to the first workspace (as soon
 * as the setup wizard creates it), so a shop owner can try Bandeja without a Meta account.
 */
export async function startDemo(ctx: AppContext, bandejaUrl: string, port = 0): Promise<Simulator> {
  const simulator = await startSimulator({ port, retryBaseMs: 500 });
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
  const connect = () => connectDemoNumber(ctx, simulator.url).catch((error) => ctx.logger.error({ err: error }, 'demo number not connected'));
  await connect();
  ctx.eventBus.subscribe((event) => {
    if (event.type === 'workspace.created') void connect();
  });
  return simulator;
}

async function connectDemoNumber(ctx: AppContext, simulatorUrl: string) {
  const [workspace] = await ctx.db.select().from(workspaces).orderBy(asc(workspaces.createdAt)).limit(1);
  if (!workspace) return;
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
