-- The data version (data_change_counter) also moves when calls, themes, territories, budget lines
-- or the collectivité change, so that any read cached against it is recomputed after such a write.
create trigger calls_changed after insert or update or delete or truncate on calls
  for each statement execute function count_data_change();
create trigger themes_changed after insert or update or delete or truncate on themes
  for each statement execute function count_data_change();
create trigger territories_changed after insert or update or delete or truncate on territories
  for each statement execute function count_data_change();
create trigger budget_lines_changed after insert or update or delete or truncate on budget_lines
  for each statement execute function count_data_change();
create trigger collectivite_changed after insert or update or delete or truncate on collectivite
  for each statement execute function count_data_change();
