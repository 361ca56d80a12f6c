-- Agents' accounts, their sessions and the sign-in attempts (for the rate limit). Passwords are
-- argon2id hashes; session tokens are stored as SHA-256 digests only.
create table users (
  id bigint generated always as identity primary key,
  login text not null,
  display_name text not null,
  password_hash text not null,
  role text not null check (role in ('administrateur', 'instructeur', 'budget', 'direction', 'lecture')),
  -- territory codes an instructeur is limited to
  territories text[] not null default '{}',
  is_active boolean not null default true,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index users_login_unique on users (lower(login));

create table user_sessions (
  id bigint generated always as identity primary key,
  token_hash text not null unique,
  user_id bigint not null references users (id),
  csrf_token text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index user_sessions_by_user on user_sessions (user_id);

create table sign_in_attempts (
  id bigint generated always as identity primary key,
  login text not null,
  ip text not null,
  succeeded boolean not null,
  attempted_at timestamptz not null default now()
);
create index sign_in_attempts_by_login on sign_in_attempts (lower(login), attempted_at);
create index sign_in_attempts_by_ip on sign_in_attempts (ip, attempted_at);
