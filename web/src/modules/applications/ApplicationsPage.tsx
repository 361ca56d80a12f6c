/** Demandes: the applications, filtered by call, state, territory, operation and text, page by page. */
import { Link } from 'react-router';
import { useReferenceData } from '../../app/reference-data.tsx';
import { query } from '../../shared/api.ts';
import {
  FilterBar,
  FilterSelect,
  SearchFilter,
  useSearchParam,
  useSearchText,
} from '../../shared/filters.tsx';
import { formatNumber, plural } from '../../shared/format.ts';
import { Amount, ErrorNotice, Loading, PageHeader } from '../../shared/ui.tsx';
import { useApi } from '../../shared/useApi.ts';
import type { CallTree } from '../calls/types.ts';
import { useSession } from '../identity/session.tsx';
import { StateBadge } from './StateBadge.tsx';
import { APPLICATION_STATES, STATE_LABELS } from './states.ts';
import type { ApplicationList } from './types.ts';

const PAGE_SIZE = 50;

export function ApplicationsPage() {
  const { calls, currentCall, territories } = useReferenceData();
  const { can } = useSession();
  // A filter goes back to the first page; another call forgets the operation, which is one of its own.
  const [call, setCall] = useSearchParam('appel', {
    fallback: currentCall ?? '',
    resets: ['page', 'operation'],
  });
  const [state, setState] = useSearchParam('etat', { resets: ['page'] });
  const [territory, setTerritory] = useSearchParam('territoire', { resets: ['page'] });
  const [operationId, setOperationId] = useSearchParam('operation', { resets: ['page'] });
  const [pageParam, setPage] = useSearchParam('page', { fallback: '1', push: true });
  const page = Math.max(Number(pageParam) || 1, 1);
  const search = useSearchText('q', { resets: ['page'] });

  const tree = useApi<CallTree>(call ? `/api/calls/${encodeURIComponent(call)}` : null);
  const list = useApi<ApplicationList>(
    call
      ? `/api/applications${query({
          call,
          state,
          territory,
          operationId,
          q: search.value,
          limit: PAGE_SIZE,
          offset: (page - 1) * PAGE_SIZE,
        })}`
      : null,
  );
  const pages = list.data ? Math.max(Math.ceil(list.data.total / PAGE_SIZE), 1) : 1;

  return (
    <>
      <PageHeader
        title="Demandes"
        subtitle="Demandes de participation financière, de leur dépôt au vote de la commission"
        actions={
          can('applications:write') ? (
            <Link className="button" to={`/demandes/nouvelle${query({ appel: call })}`}>
              Nouvelle demande
            </Link>
          ) : null
        }
      />
      <FilterBar label="Filtrer les demandes">
        <FilterSelect
          id="demandes-appel"
          label="Appel"
          value={call}
          onChange={setCall}
          options={calls.map((item) => ({ value: item.code, label: item.code }))}
        />
        <FilterSelect
          id="demandes-etat"
          label="État"
          value={state}
          onChange={setState}
          all="Tous"
          options={APPLICATION_STATES.map((item) => ({ value: item, label: STATE_LABELS[item] }))}
        />
        <FilterSelect
          id="demandes-territoire"
          label="Territoire"
          value={territory}
          onChange={setTerritory}
          all="Tous"
          options={territories.map((item) => ({ value: item.code, label: item.name }))}
        />
        <FilterSelect
          id="demandes-operation"
          label="Opération"
          value={operationId}
          onChange={setOperationId}
          all="Toutes"
        >
          {(tree.data?.themes ?? []).map((theme) => (
            <optgroup key={theme.id} label={`Thématique ${theme.number}`}>
              {theme.operations.map((operation) => (
                <option key={operation.id} value={operation.id}>
                  {theme.number}.{operation.number} {operation.title}
                </option>
              ))}
            </optgroup>
          ))}
        </FilterSelect>
        <SearchFilter
          id="demandes-recherche"
          label="Rechercher"
          placeholder="Structure, objet ou référence"
          search={search}
        />
      </FilterBar>
      {list.error ? <ErrorNotice error={list.error} onRetry={list.reload} /> : null}
      <p className="results-count" role="status">
        {list.data ? plural(list.data.total, 'demande trouvée', 'demandes trouvées') : ''}
      </p>
      {list.loading && !list.data ? <Loading what="des demandes" /> : null}
      {list.data && list.data.items.length > 0 ? (
        <div className="table-wrapper">
          <table className="table">
            <caption>
              Demandes {call ? `de l’appel ${call}` : ''}
              {pages > 1 ? ` — page ${page} sur ${pages}` : ''}
            </caption>
            <thead>
              <tr>
                <th scope="col">Référence</th>
                <th scope="col">Structure</th>
                <th scope="col">Opération</th>
                <th scope="col">Territoire</th>
                <th scope="col" className="numeric">
                  Montant retenu
                </th>
                <th scope="col">État</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((item) => (
                <tr key={item.id}>
                  <th scope="row" className="nowrap">
                    <Link to={`/demandes/${item.id}`}>{item.reference}</Link>
                  </th>
                  <td>
                    {item.structureName}
                    <span className="cell-detail">{item.label}</span>
                  </td>
                  <td>
                    {item.themeNumber}.{item.operationNumber} {item.operationTitle}
                  </td>
                  <td>{item.territories.map((entry) => entry.name).join(', ')}</td>
                  <td className="numeric nowrap">
                    <Amount cents={item.retainedCents} />
                  </td>
                  <td>
                    <StateBadge state={item.state} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {list.data && list.data.items.length === 0 ? (
        <p className="empty">Aucune demande ne correspond.</p>
      ) : null}
      {pages > 1 ? (
        <nav className="pagination" aria-label="Pages de résultats">
          <button
            type="button"
            className="button button--secondary button--small"
            disabled={page <= 1}
            onClick={() => setPage(String(page - 1))}
          >
            Page précédente
          </button>
          <span>
            Page {formatNumber(page)} sur {formatNumber(pages)}
          </span>
          <button
            type="button"
            className="button button--secondary button--small"
            disabled={page >= pages}
            onClick={() => setPage(String(page + 1))}
          >
            Page suivante
          </button>
        </nav>
      ) : null}
    </>
  );
}
