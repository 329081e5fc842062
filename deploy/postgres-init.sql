-- Run by the postgres image once, when its volume is first initialised (deploy/compose.yaml):
-- the Inngest server's database, beside the consoles' (POSTGRES_DB, hookyard).
CREATE DATABASE inngest;
