-- The registry of structures (porteurs de projet).
create table structures (
  id bigint generated always as identity primary key,
  dataset_key text unique,
  legal_name text not null,
  short_name text,
  aliases text[] not null default '{}',
  category text not null check (category in
    ('ccas_cias', 'association', 'ai', 'ei', 'aci', 'plie', 'epci', 'syndicat', 'commune', 'public_body',
     'company', 'geiq', 'other')),
  siae_types text[] not null default '{}',
  legal_form text,
  siret char(14),
  rna text,
  address_street text,
  address_postal_code text,
  address_city text,
  representative_name text,
  representative_title text,
  email text,
  phone text,
  iban text,
  bic text,
  merged_into_id bigint references structures (id),
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index structures_siret_unique on structures (siret) where siret is not null and merged_into_id is null;
create index structures_legal_name on structures (lower(legal_name));
