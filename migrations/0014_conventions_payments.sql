-- Conventions after the vote: their state (lifecycle of conventions/domain/lifecycle.ts), the
-- signature (date and sha-256 of the signed PDF) and a version for optimistic locking; their
-- lines (one per application of the convention); and the payments of each line. The database
-- itself refuses a second payment with one idempotency key and two live payments of one part.

alter table conventions
  add column state text not null default 'draft'
    check (state in ('draft', 'sent_for_signature', 'signed', 'in_force', 'closed', 'terminated')),
  add column sent_for_signature_on date,
  add column signed_on date,
  add column signed_document_sha256 text
    check (signed_document_sha256 is null or signed_document_sha256 ~ '^[0-9a-f]{64}$'),
  add column version integer not null default 1,
  add check (state not in ('signed', 'in_force', 'closed') or (signed_on is not null and signed_document_sha256 is not null));

create table convention_lines (
  id bigint generated always as identity primary key,
  convention_id bigint not null references conventions (id),
  application_id bigint not null unique references applications (id),
  operation_id bigint not null references operations (id),
  budget_line_id bigint not null references budget_lines (id),
  amount_cents bigint not null check (amount_cents >= 0)
);
create index convention_lines_by_convention on convention_lines (convention_id);

create table payments (
  id bigint generated always as identity primary key,
  convention_line_id bigint not null references convention_lines (id),
  -- the schedule part paid, as the domain names it: 'advance', 'instalment-1', … or 'balance'
  part text not null check (part in ('advance', 'balance') or part ~ '^instalment-[1-9][0-9]*$'),
  -- 'signature', 'bilan' or {"date": "YYYY-MM-DD"}
  due_after jsonb not null,
  -- the part's amount in the schedule when requested; null for the balance
  scheduled_amount_cents bigint,
  amount_cents bigint not null check (amount_cents > 0),
  state text not null default 'requested'
    check (state in ('requested', 'validated', 'sent', 'paid', 'cancelled')),
  idempotency_key text not null check (btrim(idempotency_key) <> ''),
  requested_by text not null,
  requested_by_user_id bigint references users (id),
  requested_on date not null,
  requested_at timestamptz not null default now(),
  -- the reasons that forbid it when it was last checked: [{"code": …, "message": …}]
  blocked_reasons jsonb not null default '[]'::jsonb,
  validated_on date,
  sent_on date,
  paid_on date,
  finance_reference text,
  cancelled_on date,
  cancel_reason text,
  constraint payments_idempotency_key_unique unique (idempotency_key)
);

-- One live payment per part of a line: a second request for the same part needs the first cancelled.
create unique index payments_one_live_per_part
  on payments (convention_line_id, part) where state <> 'cancelled';
