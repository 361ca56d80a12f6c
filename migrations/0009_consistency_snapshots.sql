-- The last consistency report of each call, kept with the fingerprint of the data it was computed
-- from: read again while the data has not changed (the dashboard asks for it on every visit).
create table consistency_snapshots (
  call_id bigint primary key references calls (id),
  data_fingerprint text not null,
  report jsonb not null,
  computed_at timestamptz not null default now()
);
