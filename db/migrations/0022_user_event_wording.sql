-- The shipped user.* descriptions read "An user …"; fix them where no one has edited them.
UPDATE "event_types" SET "description" = 'A user''s attributes changed.'
  WHERE "name" = 'user.updated' AND "description" = 'An user''s attributes changed.';--> statement-breakpoint
UPDATE "event_types" SET "description" = 'A user was deleted.'
  WHERE "name" = 'user.deleted' AND "description" = 'An user was deleted.';
