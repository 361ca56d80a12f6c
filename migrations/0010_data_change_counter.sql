-- A counter moved by every statement that changes applications, their territories, structures or
-- budget commitments (triggers, so that no write can forget it): the cheap fingerprint of the data
-- a consistency report depends on.
create table data_change_counter (
  id smallint primary key default 1 check (id = 1),
  changes bigint not null default 0
);
insert into data_change_counter (id, changes) values (1, 0);

create function count_data_change() returns trigger language plpgsql as $$
begin
  update data_change_counter set changes = changes + 1 where id = 1;
  return null;
end;
$$;

create trigger applications_changed after insert or update or delete or truncate on applications
  for each statement execute function count_data_change();
create trigger application_territories_changed after insert or update or delete or truncate on application_territories
  for each statement execute function count_data_change();
create trigger structures_changed after insert or update or delete or truncate on structures
  for each statement execute function count_data_change();
create trigger budget_commitments_changed after insert or update or delete or truncate on budget_commitments
  for each statement execute function count_data_change();
create trigger operations_changed after insert or update or delete or truncate on operations
  for each statement execute function count_data_change();
create trigger funding_rules_changed after insert or update or delete or truncate on funding_rules
  for each statement execute function count_data_change();
