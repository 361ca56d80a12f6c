-- Applications (demandes de participation financière): one allocation line each, new convention
-- or amendment of an earlier one, with an append-only history of decisions.
create table applications (
  id bigint generated always as identity primary key,
  reference text not null unique,
  call_id bigint not null references calls (id),
  operation_id bigint not null references operations (id),
  structure_id bigint not null references structures (id),
  label text not null,
  period_start date not null,
  period_end date not null,
  quantity numeric(12, 2),
  quantity_before numeric(12, 2),
  unit text check (unit in ('places', 'postes', 'participants', 'etp')),
  siae_type text check (siae_type in ('AI', 'EI', 'ACI')),
  direct_costs_cents bigint check (direct_costs_cents >= 0),
  external_services_cents bigint check (external_services_cents >= 0),
  requested_cents bigint,
  computed_cents bigint,
  computation jsonb,
  retained_cents bigint,
  deviation_justification text,
  kind text not null check (kind in ('convention', 'amendment')),
  amends_application_id bigint references applications (id),
  effective_from date,
  state text not null check (state in
    ('draft', 'submitted', 'under_review', 'proposed', 'voted', 'rejected', 'postponed', 'withdrawn')),
  printed jsonb,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (period_end >= period_start),
  check (quantity is null or quantity >= 0),
  check (kind = 'convention' or (amends_application_id is not null and effective_from is not null)),
  check (external_services_cents is null or direct_costs_cents is null or external_services_cents <= direct_costs_cents)
);
create index applications_by_call on applications (call_id, operation_id);
create index applications_by_structure on applications (structure_id);

create table application_territories (
  application_id bigint not null references applications (id),
  territory_id bigint not null references territories (id),
  primary key (application_id, territory_id)
);

create table application_decisions (
  id bigint generated always as identity primary key,
  application_id bigint not null references applications (id),
  from_state text,
  to_state text not null,
  author text not null,
  motivation text not null,
  decided_at timestamptz not null default now()
);
create index application_decisions_by_application on application_decisions (application_id, id);

-- The history of decisions is append-only: the database itself refuses to change it.
create function refuse_history_change() returns trigger language plpgsql as $$
begin
  raise exception 'L''historique des décisions ne peut être ni modifié ni supprimé.';
end;
$$;
create trigger application_decisions_append_only
  before update or delete on application_decisions
  for each row execute function refuse_history_change();

alter table budget_commitments
  add constraint budget_commitments_application_fk foreign key (application_id) references applications (id);

-- Numbers the applications created in Inclusio (DPID-2023-P2-0143…); dataset lines keep their own reference.
create sequence application_number_seq;
