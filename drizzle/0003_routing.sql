CREATE TABLE "routing_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"name" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"match" text DEFAULT 'all' NOT NULL,
	"conditions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"actions" jsonb NOT NULL,
	"stop" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "channels" ADD COLUMN "default_team_id" uuid;--> statement-breakpoint
ALTER TABLE "channels" ADD COLUMN "out_of_hours_reply" text;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "vip" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "tags" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "custom_fields" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "needs_routing" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "routed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "routing_strategy" text;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "cycle_started_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "first_response_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "sla_target" text;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "sla_due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "sla_warn_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "sla_state" text;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "auto_replied_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "memberships" ADD COLUMN "capacity" integer;--> statement-breakpoint
ALTER TABLE "memberships" ADD COLUMN "shift" jsonb;--> statement-breakpoint
ALTER TABLE "memberships" ADD COLUMN "availability" text DEFAULT 'online' NOT NULL;--> statement-breakpoint
ALTER TABLE "memberships" ADD COLUMN "last_activity_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "memberships" ADD COLUMN "last_assigned_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "memberships" ADD COLUMN "on_shift" boolean;--> statement-breakpoint
ALTER TABLE "team_members" ADD COLUMN "capacity" integer;--> statement-breakpoint
ALTER TABLE "teams" ADD COLUMN "business_hours" jsonb;--> statement-breakpoint
ALTER TABLE "teams" ADD COLUMN "shift_end_policy" text DEFAULT 'keep' NOT NULL;--> statement-breakpoint
ALTER TABLE "teams" ADD COLUMN "default_strategy" text DEFAULT 'round_robin' NOT NULL;--> statement-breakpoint
ALTER TABLE "teams" ADD COLUMN "out_of_hours_reply" text;--> statement-breakpoint
ALTER TABLE "teams" ADD COLUMN "round_robin_last_id" uuid;--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "routing_settings" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "routing_rules" ADD CONSTRAINT "routing_rules_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "routing_rules_workspace_idx" ON "routing_rules" USING btree ("workspace_id","position");--> statement-breakpoint
ALTER TABLE "channels" ADD CONSTRAINT "channels_default_team_id_teams_id_fk" FOREIGN KEY ("default_team_id") REFERENCES "public"."teams"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "conversations_routing_idx" ON "conversations" USING btree ("workspace_id") WHERE needs_routing;--> statement-breakpoint
CREATE INDEX "conversations_queue_idx" ON "conversations" USING btree ("workspace_id","team_id",coalesce(waiting_since, 'infinity'::timestamptz)) WHERE assignee_membership_id is null and status in ('open', 'pending');--> statement-breakpoint
CREATE INDEX "conversations_sla_idx" ON "conversations" USING btree ("sla_due_at") WHERE sla_state in ('ok', 'warning');--> statement-breakpoint
-- Existing conversations: their current cycle starts when they were opened (or last reopened, unknown: created).
UPDATE "conversations" SET "cycle_started_at" = "created_at" WHERE "cycle_started_at" IS NULL;