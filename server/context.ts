import type { FastifyBaseLogger } from 'fastify';
import type { Config } from './config.js';
import type { DatabaseHandle, Database, Transaction } from './db/client.js';
import type { EventBus } from './events/event-bus.js';
import type { AuthCache } from './http/auth-cache.js';
import type { RenderedConversations } from './modules/conversations/rendered-conversations.js';
import type { TagDirectory } from './modules/inbox/tag-directory.js';
import { trackTransaction } from './events/event-log.js';
import type { JobQueue } from './jobs/job-queue.js';
import type { SecretBox } from './lib/crypto.js';
import type { FileStorage } from './lib/file-storage.js';
import type { OutboundGuard } from './lib/outbound-guard.js';
import type { RoutingService } from './modules/routing/routing-service.js';
import type { WebhookProcessor } from './channels/whatsapp/webhook-processor.js';

/** Everything a use case may need, built once at boot. No DI container: a plain object. */
export type AppContext = {
  config: Config;
  database: DatabaseHandle;
  db: Database;
  eventBus: EventBus;
  /** Resolved API tokens and sessions for a few seconds; invalidate after committing auth changes. */
  authCache: AuthCache;
  /** Each workspace's tags by id, for naming the tag ids list rows carry. */
  tagDirectory: TagDirectory;
  /** Conversations as the inbox list renders them, by row version. */
  renderedConversations: RenderedConversations;
  jobs: JobQueue;
  secrets: SecretBox;
  /** Media and other files (the data folder, or an S3-compatible store later). */
  storage: FileStorage;
  /** Every request the server makes on a tenant's behalf goes through it (OUTBOUND_ALLOWED_ORIGINS). */
  outbound: OutboundGuard;
  /** Processes stored WhatsApp webhook payloads. */
  webhooks: WebhookProcessor;
  logger: FastifyBaseLogger;
  /** Base URL for links in invitations and password resets. */
  publicUrl: () => string;
  /** The clock routing, shifts and SLA timers read (tests set their own). */
  now: () => Date;
  /** Assigns conversations after the events that matter and on a timer. */
  routing: RoutingService;
  /** Set in demo mode: the simulator this process runs and the number it connected (for the getting-started checklist). */
  demo?: { simulatorUrl: string; phoneNumberId: string };
  /** Runs work in one transaction; the events it records are published after it commits. */
  transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T>;
};

export function transactionRunner(db: Database, eventBus: EventBus) {
  return async function transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    let recorded: ReturnType<typeof trackTransaction> = [];
    const result = await db.transaction(async (tx) => {
      recorded = trackTransaction(tx);
      return work(tx);
    });
    if (recorded.length) await eventBus.publish(recorded);
    return result;
  };
}
