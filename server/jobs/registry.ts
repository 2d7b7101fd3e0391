import { downloadMediaJob } from '../channels/whatsapp/download-media.job.js';
import { retryWebhookPayloadsJob } from '../channels/whatsapp/retry-webhooks.job.js';
import { sendMessageJob } from '../channels/whatsapp/send-message.job.js';
import { syncAllTemplatesJob } from '../channels/whatsapp/sync-templates.job.js';
import { wakeSnoozedJob } from '../modules/conversations/wake-snoozed.job.js';
import { expireInvitationsJob } from '../modules/members/expire-invitations.job.js';
import { rollUpMetricsJob } from '../modules/metrics/rollup.js';
import type { JobDefinition } from './define-job.js';

/** Every job this build knows; the server starts a worker for each. */
export const jobDefinitions: JobDefinition[] = [expireInvitationsJob, downloadMediaJob, retryWebhookPayloadsJob, sendMessageJob, syncAllTemplatesJob, wakeSnoozedJob, rollUpMetricsJob] as JobDefinition[];
