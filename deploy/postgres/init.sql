-- First start of the compose stack's PostgreSQL: one database per service and the role the
-- services run as (never a superuser, never bypassing row-level security). Migrations run as the
-- owner (POSTGRES_USER); each service's migrate step grants the app role what it needs.
CREATE ROLE lexfin_app LOGIN PASSWORD 'lexfin_app' NOSUPERUSER NOBYPASSRLS;
CREATE DATABASE lexfin_billing;
CREATE DATABASE lexfin_trust;
CREATE DATABASE lexfin_credit;
CREATE DATABASE lexfin_collections;
CREATE DATABASE lexfin_webhooks;
