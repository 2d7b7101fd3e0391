import { sql } from 'drizzle-orm';
import type { Language } from '../../../contracts/common.js';
import type { Transaction } from '../../db/client.js';
import { memberships, tags, teamMembers, users, workspaces } from '../../db/schema.js';
import { type ActorRef, recordEvent, systemActor } from '../../events/event-log.js';
import { AppError } from '../../http/errors.js';
import { hashPassword, verifyPassword } from '../../lib/crypto.js';
import { findUserByEmail } from '../accounts/accounts.repository.js';
import { addDefaultRouting } from '../routing/default-rules.js';
import { anyWorkspaceExists } from './workspaces.repository.js';

/** Every workspace starts with these tags (the 0002 migration gave them to existing ones). */
export const STARTER_TAGS = [
  { name: 'Nuevo', color: 'sky' },
  { name: 'En seguimiento', color: 'violet' },
  { name: 'Esperando pago', color: 'amber' },
  { name: 'Requiere humano', color: 'rose' },
];

export type CreateWorkspaceOptions = {
  workspaceName: string;
  owner: { name: string; email: string; password: string };
  language: Language;
  timeZone?: string;
  /** The guided setup runs once: it refuses when any workspace exists. */
  onlyIfFirst?: boolean;
};

/** Creates a workspace and its owner (a new account, or an existing one proven by its password). */
export async function createWorkspace(tx: Transaction, options: CreateWorkspaceOptions, actor: ActorRef = systemActor) {
  // Serialises concurrent setups so exactly one "first workspace" can exist.
  await tx.execute(sql`select pg_advisory_xact_lock(727275)`);
  if (options.onlyIfFirst) {
    if (await anyWorkspaceExists(tx)) throw new AppError('setup_done', 'Bandeja is already set up: sign in instead');
  }
  const timeZone = options.timeZone ?? (options.language === 'en' ? 'UTC' : 'America/Argentina/Buenos_Aires');
  let owner = await findUserByEmail(tx, options.owner.email);
  if (owner) {
    if (!(await verifyPassword(options.owner.password, owner.passwordHash))) {
      throw new AppError('email_taken', 'An account with this email exists: give its password to reuse it', {
        fields: [{ path: 'email', message: 'is already registered' }],
      });
    }
  } else {
    [owner] = await tx
      .insert(users)
      .values({
        email: options.owner.email,
        name: options.owner.name,
        passwordHash: await hashPassword(options.owner.password),
        language: options.language,
        timeZone,
      })
      .returning();
  }
  const [workspace] = await tx
    .insert(workspaces)
    .values({ name: options.workspaceName, language: options.language, timeZone })
    .returning();
  const [membership] = await tx
    .insert(memberships)
    .values({ workspaceId: workspace!.id, userId: owner!.id, role: 'owner' })
    .returning();
  await tx.insert(tags).values(STARTER_TAGS.map((tag) => ({ ...tag, workspaceId: workspace!.id })));
  // The owner is in every seeded team: a one-person shop gets its conversations from the first message.
  const seeded = await addDefaultRouting(tx, workspace!.id, options.language);
  const teamIds = [seeded.sales, seeded.support, seeded.supervisors];
  await tx.insert(teamMembers).values(teamIds.map((teamId) => ({ teamId, membershipId: membership!.id })));
  const creator = actor.type === 'system' ? { type: 'user' as const, id: owner!.id } : actor;
  await recordEvent(tx, {
    workspaceId: workspace!.id,
    actor: creator,
    type: 'workspace.created',
    subjectType: 'workspace',
    subjectId: workspace!.id,
    payload: { name: workspace!.name },
  });
  await recordEvent(tx, {
    workspaceId: workspace!.id,
    actor: creator,
    type: 'member.joined',
    subjectType: 'member',
    subjectId: membership!.id,
    payload: { role: 'owner', email: owner!.email, name: owner!.name, teamIds },
  });
  return { workspace: workspace!, owner: owner!, membership: membership! };
}
