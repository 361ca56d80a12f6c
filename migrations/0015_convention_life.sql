-- The life of conventions after their signature: entry into force, closing and termination; the
-- signed PDF itself; the segments of each line's amount in force (split by voted amendments) and its
-- bilan; amendments with their budget commitments; structures' yearly accounts; recovery orders.

alter table conventions
  add column in_force_from date,
  add column closed_on date,
  -- {kind, ground, notificationReceivedOn, leadersHeardOn, effectiveOn, lastDayInForce}
  add column termination jsonb,
  add check (state <> 'terminated' or termination is not null),
  add check (state <> 'closed' or closed_on is not null);

-- Files of a convention: the signed PDF (one per signature; the convention keeps its sha-256).
create table convention_files (
  id bigint generated always as identity primary key,
  convention_id bigint not null references conventions (id),
  kind text not null check (kind in ('signed_convention')),
  file_name text not null,
  media_type text not null,
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  size_bytes integer not null check (size_bytes > 0),
  content bytea not null,
  uploaded_by text not null,
  uploaded_at timestamptz not null default now()
);
create index convention_files_by_convention on convention_files (convention_id);

-- A line's amount in force as consecutive segments [{start, end, quantity, amount}] (cents): one at
-- the vote, split at the effective date of each voted amendment. amount_cents stays their sum.
alter table convention_lines
  add column segments jsonb,
  -- {receivedOn, achieved, target, finalDue (cents), explanation} once the bilan settled the balance
  add column bilan jsonb;
update convention_lines l
   set segments = jsonb_build_array(jsonb_build_object(
         'start', a.period_start, 'end', a.period_end, 'quantity', a.quantity, 'amount', l.amount_cents))
  from applications a
 where a.id = l.application_id;
alter table convention_lines alter column segments set not null;

create table amendments (
  id bigint generated always as identity primary key,
  convention_id bigint not null references conventions (id),
  -- "Avenant n°1", "n°2"… in the order they were proposed
  rank integer not null check (rank > 0),
  state text not null default 'proposed' check (state in ('proposed', 'voted', 'rejected', 'withdrawn')),
  effective_from date not null,
  proposed_on date not null,
  proposed_by text not null,
  amount_before_cents bigint not null,
  amount_after_cents bigint not null,
  delta_cents bigint not null,
  -- the domain's LineAmendment of each changed line, with its convention_line id
  lines jsonb not null,
  budget_deltas jsonb not null,
  explanation text not null,
  decided_on date,
  decision_ref text,
  version integer not null default 1,
  unique (convention_id, rank),
  check (state = 'proposed' or (decided_on is not null and decision_ref is not null))
);
-- One amendment under discussion at a time per convention: the next one is computed on the result.
create unique index amendments_one_proposed on amendments (convention_id) where state = 'proposed';

-- An amendment's delta on a budget line is a commitment of the amended application (positive: charged
-- when proposed, committed when voted; negative: committed when voted, giving the difference back).
alter table budget_commitments add column amendment_id bigint references amendments (id);
drop index budget_commitments_one_live_per_application;
create unique index budget_commitments_one_live_per_application
  on budget_commitments (application_id)
  where application_id is not null and amendment_id is null and status <> 'cancelled';
create unique index budget_commitments_one_live_per_amendment_line
  on budget_commitments (amendment_id, application_id)
  where amendment_id is not null and status <> 'cancelled';

-- Yearly accounts a funded structure sends within six months of the end of each fiscal year.
create table structure_yearly_accounts (
  structure_id bigint not null references structures (id),
  fiscal_year integer not null check (fiscal_year between 2000 and 2100),
  received_on date not null,
  recorded_by text not null,
  primary key (structure_id, fiscal_year)
);

-- Titres de recettes: what was paid beyond what is due, claimed back.
create table recovery_orders (
  id bigint generated always as identity primary key,
  convention_line_id bigint not null references convention_lines (id),
  idempotency_key text not null check (btrim(idempotency_key) <> ''),
  reason text not null check (reason in ('balance', 'termination', 'amendment', 'control')),
  amount_cents bigint not null check (amount_cents > 0),
  state text not null default 'issued' check (state in ('issued', 'collected', 'cancelled')),
  issued_on date not null,
  issued_by text not null,
  collected_on date,
  cancelled_on date,
  cancel_reason text,
  explanation text not null,
  constraint recovery_orders_idempotency_key_unique unique (idempotency_key)
);
create index recovery_orders_by_line on recovery_orders (convention_line_id);
create index payments_by_line on payments (convention_line_id);
