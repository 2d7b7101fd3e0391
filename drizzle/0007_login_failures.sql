CREATE TABLE "login_failures" (
	"email" text PRIMARY KEY NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	"last_failed_at" timestamp with time zone NOT NULL,
	"locked_until" timestamp with time zone
);
--> statement-breakpoint
INSERT INTO "login_failures" ("email", "failures", "last_failed_at", "locked_until")
SELECT lower("email"), "failed_login_count", now(), CASE WHEN "locked_until" > now() THEN "locked_until" END
FROM "users" WHERE "failed_login_count" > 0 OR "locked_until" > now();--> statement-breakpoint
ALTER TABLE "users" DROP COLUMN "failed_login_count";--> statement-breakpoint
ALTER TABLE "users" DROP COLUMN "locked_until";
