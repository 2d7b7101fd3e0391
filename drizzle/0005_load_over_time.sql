CREATE TABLE "metric_load_spans" (
	"conversation_id" uuid NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"workspace_id" uuid NOT NULL,
	"membership_id" uuid,
	"team_id" uuid,
	CONSTRAINT "metric_load_spans_conversation_id_started_at_pk" PRIMARY KEY("conversation_id","started_at")
);
--> statement-breakpoint
CREATE TABLE "metric_load_state" (
	"conversation_id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"active" boolean NOT NULL,
	"membership_id" uuid,
	"team_id" uuid,
	"since" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "metric_member_spans" (
	"membership_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"workspace_id" uuid NOT NULL,
	CONSTRAINT "metric_member_spans_membership_id_kind_started_at_pk" PRIMARY KEY("membership_id","kind","started_at")
);
--> statement-breakpoint
ALTER TABLE "memberships" ADD COLUMN "idle_since" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "metric_load_spans" ADD CONSTRAINT "metric_load_spans_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "metric_load_state" ADD CONSTRAINT "metric_load_state_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "metric_member_spans" ADD CONSTRAINT "metric_member_spans_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "metric_load_spans_workspace_idx" ON "metric_load_spans" USING btree ("workspace_id","ended_at");--> statement-breakpoint
CREATE INDEX "metric_member_spans_workspace_idx" ON "metric_member_spans" USING btree ("workspace_id","ended_at");--> statement-breakpoint
-- Load over time is folded from the whole event log: start the metrics fold again from the first
-- event (what `bandeja metrics rebuild` does), so existing installs get their history.
DELETE FROM "metric_cycles";--> statement-breakpoint
UPDATE "metric_cursor" SET "last_event_id" = 0;
