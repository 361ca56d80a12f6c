/** Choosing a structure in a form: a search box (name, acronym, alias, SIRET) and the list it finds. */
import { useEffect, useState } from 'react';
import { query } from '../../shared/api.ts';
import { Field } from '../../shared/form.tsx';
import { useApi } from '../../shared/useApi.ts';
import type { StructureList } from './types.ts';

export function StructurePicker(props: {
  id: string;
  value: string;
  /** The chosen structure's name, to keep it listed whatever the search finds. */
  selectedName: string;
  onChange: (id: string, name: string) => void;
  onBlur: () => void;
  error: string | undefined;
  /** "Structure" unless told. */
  label?: string;
  /** A structure not to offer (the one a merge starts from). */
  exclude?: number;
}) {
  const [text, setText] = useState('');
  const [search, setSearch] = useState('');
  useEffect(() => {
    const timer = window.setTimeout(() => setSearch(text.trim()), 250);
    return () => window.clearTimeout(timer);
  }, [text]);
  const { data } = useApi<StructureList>(`/api/structures${query({ q: search, limit: 30 })}`);
  const items = (data?.items ?? []).filter((item) => item.id !== props.exclude);
  // The structure left out is not counted either.
  const total = data ? data.total - (data.items.length - items.length) : 0;
  const missing = props.value !== '' && !items.some((item) => String(item.id) === props.value);
  return (
    <div className="picker">
      <div className="field">
        <label className="field__label" htmlFor={`${props.id}-recherche`}>
          Rechercher une structure
        </label>
        <p className="field__hint" id={`${props.id}-recherche-aide`}>
          Nom, sigle, ancien nom ou SIRET ; la liste ci-dessous se met à jour.
        </p>
        <input
          id={`${props.id}-recherche`}
          type="search"
          aria-describedby={`${props.id}-recherche-aide`}
          aria-controls={props.id}
          value={text}
          onChange={(event) => setText(event.target.value)}
        />
      </div>
      <Field
        id={props.id}
        label={props.label ?? 'Structure'}
        required
        error={props.error}
        hint={
          data
            ? `${total} structure${total > 1 ? 's' : ''} trouvée${total > 1 ? 's' : ''}${total > items.length ? `, ${items.length} affichées` : ''}`
            : undefined
        }
      >
        {(control) => (
          <select
            {...control}
            size={6}
            value={props.value}
            onChange={(event) => {
              const option = event.target.selectedOptions[0];
              props.onChange(event.target.value, option?.dataset.name ?? '');
            }}
            onBlur={props.onBlur}
          >
            {/* A listbox whose value matches no option shows its first option as chosen, and clicking
                it then changes nothing: an explicit empty choice avoids that. */}
            <option value="" disabled>
              — Choisissez une structure —
            </option>
            {missing ? (
              <option value={props.value} data-name={props.selectedName}>
                {props.selectedName || `Structure n°${props.value}`}
              </option>
            ) : null}
            {items.map((item) => (
              <option key={item.id} value={String(item.id)} data-name={item.displayName}>
                {item.displayName}
                {item.displayName !== item.legalName ? ` — ${item.legalName}` : ''}
                {item.siret ? ` (SIRET ${item.siret})` : ''}
              </option>
            ))}
          </select>
        )}
      </Field>
    </div>
  );
}
