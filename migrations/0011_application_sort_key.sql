-- Applications are listed in the order of the call's annex (theme, operation, line): a sort key
-- kept on the application (theme number × 1000 + operation number) lets an index serve that order
-- instead of sorting every application of the call for each page.
alter table applications add column sort_key integer;
update applications a set sort_key = t.number * 1000 + o.number
  from operations o join themes t on t.id = o.theme_id where o.id = a.operation_id;
alter table applications alter column sort_key set not null;
create index applications_in_annex_order on applications (call_id, sort_key, id);
