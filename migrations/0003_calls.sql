-- Calls for projects, their themes and operations (dispositifs), and the funding rules as data.
create table calls (
  id bigint generated always as identity primary key,
  code text not null unique,
  title text not null,
  year integer not null,
  phase integer,
  is_partial boolean not null default false,
  created_at timestamptz not null default now()
);

create table themes (
  id bigint generated always as identity primary key,
  call_id bigint not null references calls (id),
  number integer not null,
  title text not null,
  intro text,
  stated jsonb not null default '{}'::jsonb,
  unique (call_id, number)
);

create table operations (
  id bigint generated always as identity primary key,
  theme_id bigint not null references themes (id),
  number integer not null,
  title text not null,
  short_title text not null,
  budget_line_id bigint not null references budget_lines (id),
  target_public text,
  description text,
  review_previous_year text,
  proposal text,
  -- figures the call's texts state (amount, structures, quantity, unit), checked against the lines
  stated jsonb not null default '{}'::jsonb,
  unique (theme_id, number)
);

create table funding_rules (
  id bigint generated always as identity primary key,
  operation_id bigint not null references operations (id),
  kind text not null check (kind in
    ('per_place_per_year', 'per_post_per_month_capped', 'cost_based', 'flat_per_post_by_type', 'fixed_on_review')),
  params jsonb not null default '{}'::jsonb,
  effective_from date not null,
  effective_to date,
  legal_reference text not null,
  check (effective_to is null or effective_to >= effective_from)
);
create index funding_rules_by_operation on funding_rules (operation_id, effective_from);

alter table budget_commitments
  add constraint budget_commitments_call_fk foreign key (call_id) references calls (id);
