-- Budget lines (opérations budgétaires with their commitment authorisation, AE) and the
-- commitments charged to them. A commitment is either proposed (charged by an application
-- proposed to a committee session) or committed (voted), or cancelled.
create table budget_lines (
  id bigint generated always as identity primary key,
  code text not null unique,
  label text not null,
  nature text not null,
  chapter text not null,
  function_code text not null,
  imputation text not null,
  ae_cents bigint not null check (ae_cents >= 0)
);

create table budget_commitments (
  id bigint generated always as identity primary key,
  budget_line_id bigint not null references budget_lines (id),
  -- null for commitments recorded before Inclusio (an opening balance from the finance software)
  application_id bigint,
  label text not null,
  amount_cents bigint not null,
  status text not null check (status in ('proposed', 'committed', 'cancelled')),
  decided_on date,
  created_at timestamptz not null default now()
);

create unique index budget_commitments_one_live_per_application
  on budget_commitments (application_id) where application_id is not null and status <> 'cancelled';
create index budget_commitments_by_line on budget_commitments (budget_line_id);

-- The call whose programme a commitment belongs to (null for commitments from outside Inclusio's
-- calls): the budget table of a call separates what was committed before it from its proposals.
alter table budget_commitments add column call_id bigint;
