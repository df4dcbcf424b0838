-- The pack's names as bought: a later catalog renames or drops packs without rewriting orders (null: named by the seed's pack of that id).
ALTER TABLE "payments" ADD COLUMN "pack_names" jsonb;
