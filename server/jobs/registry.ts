import { expireInvitationsJob } from '../modules/members/expire-invitations.job.js';
import type { JobDefinition } from './define-job.js';

/** Every job this build knows; the server starts a worker for each. */
export const jobDefinitions: JobDefinition[] = [expireInvitationsJob as JobDefinition];
