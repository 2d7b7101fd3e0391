DROP INDEX "channels_phone_number_id_key";--> statement-breakpoint
ALTER TABLE "channels" ADD COLUMN "verified_at" timestamp with time zone;--> statement-breakpoint
CREATE UNIQUE INDEX "channels_verified_phone_number_id_key" ON "channels" USING btree ("phone_number_id") WHERE deleted_at is null and verified_at is not null;--> statement-breakpoint
CREATE INDEX "channels_phone_number_id_idx" ON "channels" USING btree ("phone_number_id") WHERE deleted_at is null;--> statement-breakpoint
-- Numbers that answered Graph before this release count as verified (the old unique index kept one live row per number).
UPDATE "channels" SET "verified_at" = coalesce("last_checked_at", "created_at") WHERE "deleted_at" IS NULL AND "health" IN ('connected', 'token_expired');
