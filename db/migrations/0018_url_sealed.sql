ALTER TABLE "webhooks" ADD COLUMN "url_sealed" text;
--> statement-breakpoint
-- Credentials already written down in clear are masked where people read them: the audit
-- log's webhook changes and the attempts' recorded requests. The names are those of
-- lib/webhooks/credentials.ts as of this migration. (The webhooks' own credentials are
-- encrypted at start, which needs the key: sealStoredCredentials in lib/webhooks/mutations.ts.)
CREATE FUNCTION hookyard_0018_credential(name text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
  SELECT name ~* '(auth|cookie|secret|token|passw|pwd|signature|credential|session|apikey|(^|[-_])key$|^sig$)'
$$;
--> statement-breakpoint
CREATE FUNCTION hookyard_0018_mask_url(url text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN position('?' in url) = 0 THEN url ELSE
    substr(url, 1, position('?' in url) - 1) || (
      SELECT string_agg(
        CASE WHEN part ~ '^[?&][^=]*=' AND hookyard_0018_credential(substr(split_part(part, '=', 1), 2))
             THEN split_part(part, '=', 1) || '=••••••••' ELSE part END,
        '' ORDER BY i)
      FROM regexp_split_to_table(substr(url, position('?' in url)), '(?=[?&#])') WITH ORDINALITY AS t(part, i)
    ) END
$$;
--> statement-breakpoint
CREATE FUNCTION hookyard_0018_mask_headers(headers jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE jsonb_typeof(headers)
    WHEN 'array' THEN coalesce((
      SELECT jsonb_agg(
        CASE WHEN jsonb_typeof(e) = 'object' AND e ? 'value' AND hookyard_0018_credential(e->>'name')
             THEN jsonb_set(e, '{value}', '"••••••••"') ELSE e END
        ORDER BY i)
      FROM jsonb_array_elements(headers) WITH ORDINALITY AS t(e, i)), '[]'::jsonb)
    WHEN 'object' THEN coalesce((
      SELECT jsonb_object_agg(k, CASE
        WHEN NOT hookyard_0018_credential(k) OR k = 'webhook-signature'
          OR v #>> '{}' IN ('••••••••', 'Bearer ••••••••') THEN v
        WHEN v #>> '{}' ~* '^bearer ' THEN '"Bearer ••••••••"'::jsonb
        ELSE '"••••••••"'::jsonb END)
      FROM jsonb_each(headers) AS t(k, v)), '{}'::jsonb)
    ELSE headers END
$$;
--> statement-breakpoint
CREATE FUNCTION hookyard_0018_mask_url_json(url jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN jsonb_typeof(url) = 'string' THEN to_jsonb(hookyard_0018_mask_url(url #>> '{}')) ELSE url END
$$;
--> statement-breakpoint
UPDATE "audit_log" SET "changes" = "changes"
  || CASE WHEN "changes" ? 'headers' THEN jsonb_build_object('headers', jsonb_build_object(
       'from', hookyard_0018_mask_headers("changes"->'headers'->'from'),
       'to', hookyard_0018_mask_headers("changes"->'headers'->'to'))) ELSE '{}'::jsonb END
  || CASE WHEN "changes" ? 'url' THEN jsonb_build_object('url', jsonb_build_object(
       'from', hookyard_0018_mask_url_json("changes"->'url'->'from'),
       'to', hookyard_0018_mask_url_json("changes"->'url'->'to'))) ELSE '{}'::jsonb END
WHERE "entity_type" = 'webhook' AND ("changes" ? 'headers' OR "changes" ? 'url');
--> statement-breakpoint
UPDATE "attempts" SET "request" = "request"
  || jsonb_build_object('url', hookyard_0018_mask_url("request"->>'url'))
  || jsonb_build_object('headers', hookyard_0018_mask_headers("request"->'headers'))
WHERE "request"->>'url' <> hookyard_0018_mask_url("request"->>'url')
   OR "request"->'headers' <> hookyard_0018_mask_headers("request"->'headers');
--> statement-breakpoint
DROP FUNCTION hookyard_0018_mask_url_json(jsonb);
--> statement-breakpoint
DROP FUNCTION hookyard_0018_mask_headers(jsonb);
--> statement-breakpoint
DROP FUNCTION hookyard_0018_mask_url(text);
--> statement-breakpoint
DROP FUNCTION hookyard_0018_credential(text);
