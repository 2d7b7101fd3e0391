ALTER TABLE "metric_cursor" ADD COLUMN "caught_up_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "metric_cursor" ADD COLUMN "hole_up_to" bigint;--> statement-breakpoint
ALTER TABLE "metric_cursor" ADD COLUMN "hole_xmax" bigint;--> statement-breakpoint
ALTER TABLE "metric_cursor" ADD COLUMN "hole_seen_at" timestamp with time zone;