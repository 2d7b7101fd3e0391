CREATE TABLE "metric_replies" (
	"conversation_id" uuid NOT NULL,
	"cycle" integer NOT NULL,
	"position" integer NOT NULL,
	"workspace_id" uuid NOT NULL,
	"cycle_start" timestamp with time zone NOT NULL,
	"seconds" integer NOT NULL,
	"business_seconds" integer NOT NULL,
	"by_user_id" uuid,
	CONSTRAINT "metric_replies_conversation_id_cycle_position_pk" PRIMARY KEY("conversation_id","cycle","position")
);
--> statement-breakpoint
ALTER TABLE "metric_replies" ADD CONSTRAINT "metric_replies_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "metric_replies_workspace_idx" ON "metric_replies" USING btree ("workspace_id","cycle_start");--> statement-breakpoint
-- Reply times get their own rows: fold the whole event log again (as `bandeja metrics rebuild` does).
DELETE FROM "metric_cycles";--> statement-breakpoint
DELETE FROM "metric_load_spans";--> statement-breakpoint
DELETE FROM "metric_load_state";--> statement-breakpoint
DELETE FROM "metric_member_spans";--> statement-breakpoint
UPDATE "metric_cursor" SET "last_event_id" = 0;--> statement-breakpoint
-- Members' first shift observation is now an event: observe everyone afresh (no shift-end policy runs for a first observation).
UPDATE "memberships" SET "on_shift" = NULL WHERE "status" = 'active';
