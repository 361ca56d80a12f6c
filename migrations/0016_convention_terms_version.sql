-- Optimistic locking of an operation's convention terms and of the collectivité's settings: a save
-- made on a stale reading is refused (409) instead of silently replacing someone else's.
alter table operations add column convention_terms_version integer not null default 1;
alter table collectivite add column settings_version integer not null default 1;
