import { eq } from 'drizzle-orm';
import type { RoutingSettings } from '../../../contracts/routing.js';
import type { Executor } from '../../db/client.js';
import { workspaces } from '../../db/schema.js';

const minutes = (firstResponse: number, nextResponse: number, resolution: number) => ({ firstResponse, nextResponse, resolution });

/** Out of the box: away after 10 idle minutes, 8 open conversations each, SLA per priority in business hours, a conversation without a team to anyone available. */
export const defaultRoutingSettings: RoutingSettings = {
  awayAfterMinutes: 10,
  defaultCapacity: 8,
  sla: {
    enabled: true,
    hours: 'business',
    warnAtPercent: 75,
    targets: {
      urgent: minutes(15, 30, 4 * 60),
      high: minutes(30, 60, 8 * 60),
      normal: minutes(60, 120, 24 * 60),
      low: minutes(4 * 60, 8 * 60, 72 * 60),
    },
  },
  businessHours: null,
  unmatched: 'anyone',
};

export function withRoutingDefaults(stored: Partial<RoutingSettings> | null | undefined): RoutingSettings {
  const value = stored ?? {};
  return {
    ...defaultRoutingSettings,
    ...value,
    sla: { ...defaultRoutingSettings.sla, ...value.sla, targets: { ...defaultRoutingSettings.sla.targets, ...value.sla?.targets } },
  };
}

export async function routingSettingsOf(db: Executor, workspaceId: string): Promise<RoutingSettings & { language: 'es' | 'en'; timeZone: string }> {
  const [row] = await db
    .select({ settings: workspaces.routingSettings, language: workspaces.language, timeZone: workspaces.timeZone })
    .from(workspaces)
    .where(eq(workspaces.id, workspaceId));
  return { ...withRoutingDefaults(row?.settings), language: row?.language ?? 'es', timeZone: row?.timeZone ?? 'UTC' };
}
