CREATE TABLE "metric_cursor" (
	"name" text PRIMARY KEY NOT NULL,
	"last_event_id" bigint DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "metric_cycles" (
	"conversation_id" uuid NOT NULL,
	"cycle" integer NOT NULL,
	"workspace_id" uuid NOT NULL,
	"channel_id" uuid,
	"team_id" uuid,
	"assignee_membership_id" uuid,
	"priority" text DEFAULT 'normal' NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"started_at" timestamp with time zone,
	"last_customer_at" timestamp with time zone,
	"queued_at" timestamp with time zone,
	"first_assigned_at" timestamp with time zone,
	"first_response_at" timestamp with time zone,
	"first_responder_user_id" uuid,
	"resolved_at" timestamp with time zone,
	"human_replies" integer DEFAULT 0 NOT NULL,
	"handoffs" integer DEFAULT 0 NOT NULL,
	"escalations" integer DEFAULT 0 NOT NULL,
	"sla_breaches" integer DEFAULT 0 NOT NULL,
	"handled_by_user_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"waits" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"cycle_start" timestamp with time zone NOT NULL,
	"first_response_s" integer,
	"first_response_bs" integer,
	"reply_s" integer[] DEFAULT '{}'::int[] NOT NULL,
	"reply_bs" integer[] DEFAULT '{}'::int[] NOT NULL,
	"reply_by" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"assignment_s" integer,
	"assignment_bs" integer,
	"queue_s" integer,
	"queue_bs" integer,
	"resolution_s" integer,
	"resolution_bs" integer,
	"open_waits" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "metric_cycles_conversation_id_cycle_pk" PRIMARY KEY("conversation_id","cycle")
);
--> statement-breakpoint
ALTER TABLE "metric_cycles" ADD CONSTRAINT "metric_cycles_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "metric_cycles_workspace_idx" ON "metric_cycles" USING btree ("workspace_id","cycle_start");--> statement-breakpoint
CREATE INDEX "events_type_time_idx" ON "events" USING btree ("workspace_id","type","created_at");--> statement-breakpoint
-- Reports read only these columns of a period's cycles: an index-only scan avoids the wide rows (waits).
CREATE INDEX "metric_cycles_report_idx" ON "metric_cycles" USING btree ("workspace_id", "cycle_start") INCLUDE ("cycle", "team_id", "channel_id", "priority", "assignee_membership_id", "resolved_at", "last_customer_at", "open_waits", "handoffs", "escalations", "sla_breaches", "first_response_s", "first_response_bs", "assignment_s", "assignment_bs", "queue_s", "queue_bs", "resolution_s", "resolution_bs", "reply_s", "reply_bs", "reply_by", "first_responder_user_id", "handled_by_user_ids");
