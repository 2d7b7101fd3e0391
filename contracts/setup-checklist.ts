import { z } from 'zod';

export const setupSteps = ['connect_number', 'invite_team', 'review_rules', 'first_message'] as const;
export const SetupStep = z.enum(setupSteps);
export type SetupStep = z.infer<typeof SetupStep>;

/** The inbox's getting-started checklist for admins: each step ticked from the workspace's real state. */
export const SetupChecklist = z.object({
  steps: z.array(
    z.object({
      id: SetupStep.describe(
        'connect_number: a number is connected and verified; invite_team: someone else is a member or has a pending invitation; review_rules: an admin opened the routing rules or they were changed; first_message: a conversation arrived',
      ),
      done: z.boolean(),
    }),
  ),
  simulatorUrl: z.string().nullable().describe('The customer phone of the simulator this server runs in demo mode for this workspace, to send the first message from; otherwise null'),
  dismissed: z.boolean().describe('An admin hid the checklist for the workspace'),
});
export type SetupChecklist = z.infer<typeof SetupChecklist>;
