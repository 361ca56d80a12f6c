/**
 * Conventions: one per structure and session of the Commission Permanente, filtered by state and by
 * text (number or structure), with their amount in force, what was paid, what remains and the
 * payments that something still blocks.
 */
import { Link } from 'react-router';
import { query } from '../../shared/api.ts';
import {
  FilterBar,
  FilterSelect,
  SearchFilter,
  useSearchParam,
  useSearchText,
} from '../../shared/filters.tsx';
import { formatDate, formatPeriod, plural } from '../../shared/format.ts';
import { Amount, Badge, ErrorNotice, Loading, PageHeader } from '../../shared/ui.tsx';
import { useApi } from '../../shared/useApi.ts';
import {
  CONVENTION_STATE_LABELS,
  CONVENTION_STATE_TONES,
  CONVENTION_STATES,
  conventionPath,
} from './convention-format.ts';
import type { ConventionState, ConventionSummary } from './types.ts';

export function ConventionStateBadge(props: { state: ConventionState; label?: string }) {
  return (
    <Badge tone={CONVENTION_STATE_TONES[props.state]}>
      {props.label ?? CONVENTION_STATE_LABELS[props.state]}
    </Badge>
  );
}

export function ConventionsPage() {
  const [state, setState] = useSearchParam('etat');
  const search = useSearchText('q');

  const list = useApi<ConventionSummary[]>(`/api/conventions${query({ state, q: search.value })}`);
  const items = list.data ?? [];
  const blocked = items.reduce((total, item) => total + item.blockedPayments, 0);

  return (
    <>
      <PageHeader
        title="Conventions"
        subtitle="Conventions votées par la Commission Permanente : signature, avenants, versements et titres de recettes"
      />
      <FilterBar label="Filtrer les conventions">
        <FilterSelect
          id="conventions-etat"
          label="État"
          value={state}
          onChange={setState}
          all="Tous"
          options={CONVENTION_STATES.map((item) => ({ value: item, label: CONVENTION_STATE_LABELS[item] }))}
        />
        <SearchFilter
          id="conventions-recherche"
          label="Rechercher"
          placeholder="Numéro de convention ou structure"
          search={search}
        />
      </FilterBar>
      {list.error ? <ErrorNotice error={list.error} onRetry={list.reload} /> : null}
      <p className="results-count" role="status">
        {list.data
          ? `${plural(items.length, 'convention trouvée', 'conventions trouvées')}${blocked > 0 ? ` ; ${plural(blocked, 'versement bloqué', 'versements bloqués')}` : ''}`
          : ''}
      </p>
      {list.loading && !list.data ? <Loading what="des conventions" /> : null}
      {items.length > 0 ? (
        <div className="table-wrapper">
          <table className="table">
            <caption>
              Conventions{state ? ` « ${CONVENTION_STATE_LABELS[state as ConventionState] ?? state} »` : ''}
            </caption>
            <thead>
              <tr>
                <th scope="col">Numéro</th>
                <th scope="col">Structure</th>
                <th scope="col">Séance</th>
                <th scope="col">Période</th>
                <th scope="col">État</th>
                <th scope="col" className="numeric">
                  Montant en vigueur
                </th>
                <th scope="col" className="numeric">
                  Versé
                </th>
                <th scope="col" className="numeric">
                  Reste à verser
                </th>
                <th scope="col" className="numeric">
                  Versements bloqués
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.id}>
                  <th scope="row" className="nowrap">
                    <Link to={conventionPath(item.id)}>{item.number}</Link>
                  </th>
                  <td>
                    <Link to={`/structures/${item.structureId}`}>{item.structureName}</Link>
                  </td>
                  <td className="nowrap">{formatDate(item.sessionDate)}</td>
                  <td>
                    {item.periodStart && item.periodEnd ? (
                      formatPeriod(item.periodStart, item.periodEnd)
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                  <td>
                    <ConventionStateBadge state={item.state} />
                  </td>
                  <td className="numeric nowrap">
                    <Amount cents={item.amountCents} />
                  </td>
                  <td className="numeric nowrap">
                    <Amount cents={item.paidCents} />
                    {item.recoveredCents > 0 ? (
                      <span className="cell-detail">
                        dont recouvré <Amount cents={item.recoveredCents} />
                      </span>
                    ) : null}
                  </td>
                  <td className="numeric nowrap">
                    <Amount cents={item.remainingCents} />
                  </td>
                  <td className="numeric">
                    {item.blockedPayments > 0 ? (
                      <Badge tone="warning">{plural(item.blockedPayments, 'bloqué')}</Badge>
                    ) : (
                      <span className="muted">0</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {list.data && items.length === 0 ? (
        <p className="empty">
          {state || search.value
            ? 'Aucune convention ne correspond.'
            : 'Aucune convention : elles sont numérotées quand les documents d’une séance sont générés.'}
        </p>
      ) : null}
    </>
  );
}
