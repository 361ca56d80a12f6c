-- Which datasets were loaded, so that loading is done once.
create table dataset_loads (
  dataset_id text primary key,
  content_hash text not null,
  loaded_at timestamptz not null default now()
);
