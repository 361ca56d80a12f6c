-- The collectivité running Inclusio (one row) and its territories. Everything specific to a
-- département lives in these rows, loaded from its dataset.
create table collectivite (
  id smallint primary key default 1 check (id = 1),
  code text not null,
  name text not null,
  short_name text not null,
  settings jsonb not null default '{}'::jsonb,
  updated_at timestamptz not null default now()
);

create table territories (
  id bigint generated always as identity primary key,
  code text not null unique,
  name text not null,
  aliases text[] not null default '{}',
  -- the pseudo-territory standing for the whole département (inter-territory operations)
  is_whole_departement boolean not null default false,
  sort_order integer not null default 0
);
