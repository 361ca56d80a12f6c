-- The Commission Permanente: elected members and their political groups, the boards they sit on,
-- sessions with their reports, attendance, conflicts of interest and votes; the conventions'
-- numbers; the documents generated for a session, with the template version and a hash.

create table political_groups (
  name text primary key,
  -- the order in which deliberations print the groups
  position integer not null
);

create table elected_members (
  id bigint generated always as identity primary key,
  dataset_key text unique,
  civility text not null check (civility in ('M.', 'Mme')),
  name text not null,
  group_name text not null references political_groups (name),
  has_voting_right boolean not null default true,
  -- the protocol order of the attendance lists
  position integer not null,
  active boolean not null default true
);

-- A member sitting on the board of a structure (CCAS, association, syndicat…): the source of the
-- conflicts of interest proposed for a report funding that structure.
create table board_seats (
  member_id bigint not null references elected_members (id),
  structure_id bigint not null references structures (id),
  role text not null,
  primary key (member_id, structure_id, role)
);

create table committee_sessions (
  id bigint generated always as identity primary key,
  body text not null,
  session_date date not null,
  president_member_id bigint references elected_members (id),
  secretary_member_id bigint references elected_members (id),
  sent_to_legality_control_on date,
  published_on date,
  version integer not null default 1,
  unique (body, session_date)
);

create table session_attendance (
  session_id bigint not null references committee_sessions (id),
  member_id bigint not null references elected_members (id),
  kind text not null check (kind in ('present', 'excused', 'absent')),
  proxy_holder_id bigint references elected_members (id),
  primary key (session_id, member_id),
  check (proxy_holder_id is null or kind = 'excused'),
  check (proxy_holder_id is null or proxy_holder_id <> member_id)
);

create table committee_reports (
  id bigint generated always as identity primary key,
  session_id bigint not null references committee_sessions (id),
  call_id bigint references calls (id),
  report_number text not null,
  deliberation_number text,
  title text not null,
  territories text not null default '',
  cantons text not null default '',
  epci text not null default '',
  -- the report's own text before the themes (paragraphs separated by blank lines, "- " bullets)
  context text not null default '',
  visas jsonb not null default '[]'::jsonb,
  -- [{commission, opinion, date}]
  opinions jsonb not null default '[]'::jsonb,
  version integer not null default 1,
  unique (session_id, report_number)
);
create unique index committee_reports_deliberation on committee_reports (deliberation_number)
  where deliberation_number is not null;

create table report_applications (
  report_id bigint not null references committee_reports (id),
  application_id bigint not null references applications (id) unique,
  primary key (report_id, application_id)
);

create table report_conflicts (
  report_id bigint not null references committee_reports (id),
  member_id bigint not null references elected_members (id),
  -- the order in which the deliberation names them (as confirmed by the secretariat)
  position integer not null,
  primary key (report_id, member_id)
);

create table report_votes (
  report_id bigint not null references committee_reports (id),
  member_id bigint not null references elected_members (id),
  choice text not null check (choice in ('for', 'against', 'abstention', 'not_taking_part')),
  primary key (report_id, member_id)
);

-- What the convention of an operation needs beyond the call's texts: objectives, procedure,
-- professional profile, payment terms (advance) and the review report to send.
alter table operations add column convention_terms jsonb not null default '{}'::jsonb;

-- One convention per structure per session, numbered in a yearly sequence ("2023-0001").
create table convention_sequences (
  year integer primary key,
  last_number integer not null
);

create table conventions (
  id bigint generated always as identity primary key,
  session_id bigint not null references committee_sessions (id),
  structure_id bigint not null references structures (id),
  year integer not null,
  sequence integer not null,
  number text not null unique,
  unique (session_id, structure_id),
  unique (year, sequence)
);

create table generated_documents (
  id bigint generated always as identity primary key,
  session_id bigint not null references committee_sessions (id),
  kind text not null,
  file_name text not null,
  media_type text not null,
  structure_id bigint references structures (id),
  template_name text,
  -- sha-256 of the template file: its version
  template_sha256 text,
  sha256 text not null,
  size_bytes integer not null,
  content bytea not null,
  generated_at timestamptz not null default now(),
  generated_by text not null,
  unique (session_id, file_name)
);

-- A generation of a session's package in progress or done: its progress, readable by any server
-- process (the web page polls it).
create table package_jobs (
  id bigint generated always as identity primary key,
  session_id bigint not null references committee_sessions (id),
  status text not null check (status in ('running', 'done', 'failed')),
  done integer not null default 0,
  total integer not null default 0,
  current text not null default '',
  error text,
  started_by text not null,
  started_at timestamptz not null default now(),
  finished_at timestamptz
);
create index package_jobs_by_session on package_jobs (session_id, id desc);
