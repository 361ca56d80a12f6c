-- The audit trail: every write, with who, when, what, and the record before and after, written in
-- the same transaction as the change. The database refuses to change or delete it.
create table audit_log (
  id bigint generated always as identity primary key,
  occurred_at timestamptz not null default now(),
  actor_user_id bigint,
  actor_login text not null,
  action text not null,
  entity text not null,
  entity_id text not null,
  before_state jsonb,
  after_state jsonb
);
create index audit_log_by_entity on audit_log (entity, entity_id, id);

create function refuse_audit_change() returns trigger language plpgsql as $$
begin
  raise exception 'Le journal d''audit ne peut être ni modifié ni supprimé.';
end;
$$;
create trigger audit_log_append_only
  before update or delete on audit_log
  for each row execute function refuse_audit_change();
create trigger audit_log_no_truncate
  before truncate on audit_log
  for each statement execute function refuse_audit_change();
