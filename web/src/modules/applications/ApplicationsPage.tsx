/** Demandes: the applications, filtered by call, state, territory, operation and text, page by page. */
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useReferenceData } from '../../app/reference-data.tsx';
import { query } from '../../shared/api.ts';
import { formatNumber, plural } from '../../shared/format.ts';
import { Amount, ErrorNotice, Loading, PageHeader } from '../../shared/ui.tsx';
import { useApi } from '../../shared/useApi.ts';
import type { CallTree } from '../calls/types.ts';
import { useSession } from '../identity/session.tsx';
import { StateBadge } from './StateBadge.tsx';
import { APPLICATION_STATES, STATE_LABELS } from './states.ts';
import type { ApplicationList } from './types.ts';

const PAGE_SIZE = 50;

/** The text typed in the search box, sent once the user pauses. */
function useDebounced(value: string, delay = 300): string {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = window.setTimeout(() => setDebounced(value), delay);
    return () => window.clearTimeout(timer);
  }, [value, delay]);
  return debounced;
}

export function ApplicationsPage() {
  const { calls, currentCall, territories } = useReferenceData();
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const call = params.get('appel') ?? currentCall ?? '';
  const state = params.get('etat') ?? '';
  const territory = params.get('territoire') ?? '';
  const operationId = params.get('operation') ?? '';
  const page = Math.max(Number(params.get('page') ?? '1') || 1, 1);
  const [text, setText] = useState(params.get('q') ?? '');
  const search = useDebounced(text);

  const setFilter = (name: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    if (name !== 'page') next.delete('page');
    if (name === 'appel') next.delete('operation');
    setParams(next, { replace: name !== 'page' });
  };

  useEffect(() => {
    const current = params.get('q') ?? '';
    if (search !== current) {
      const next = new URLSearchParams(params);
      if (search) next.set('q', search);
      else next.delete('q');
      next.delete('page');
      setParams(next, { replace: true });
    }
  }, [search, params, setParams]);

  const tree = useApi<CallTree>(call ? `/api/calls/${encodeURIComponent(call)}` : null);
  const list = useApi<ApplicationList>(
    call
      ? `/api/applications${query({
          call,
          state,
          territory,
          operationId,
          q: params.get('q'),
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
      <search className="filters card" aria-label="Filtrer les demandes">
        <div className="field">
          <label className="field__label" htmlFor="demandes-appel">
            Appel
          </label>
          <select
            id="demandes-appel"
            value={call}
            onChange={(event) => setFilter('appel', event.target.value)}
          >
            {calls.map((item) => (
              <option key={item.code} value={item.code}>
                {item.code}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label className="field__label" htmlFor="demandes-etat">
            État
          </label>
          <select
            id="demandes-etat"
            value={state}
            onChange={(event) => setFilter('etat', event.target.value)}
          >
            <option value="">Tous</option>
            {APPLICATION_STATES.map((item) => (
              <option key={item} value={item}>
                {STATE_LABELS[item]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label className="field__label" htmlFor="demandes-territoire">
            Territoire
          </label>
          <select
            id="demandes-territoire"
            value={territory}
            onChange={(event) => setFilter('territoire', event.target.value)}
          >
            <option value="">Tous</option>
            {territories.map((item) => (
              <option key={item.code} value={item.code}>
                {item.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label className="field__label" htmlFor="demandes-operation">
            Opération
          </label>
          <select
            id="demandes-operation"
            value={operationId}
            onChange={(event) => setFilter('operation', event.target.value)}
          >
            <option value="">Toutes</option>
            {(tree.data?.themes ?? []).map((theme) => (
              <optgroup key={theme.id} label={`Thématique ${theme.number}`}>
                {theme.operations.map((operation) => (
                  <option key={operation.id} value={operation.id}>
                    {theme.number}.{operation.number} {operation.title}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </div>
        <div className="field field--grow">
          <label className="field__label" htmlFor="demandes-recherche">
            Rechercher
          </label>
          <input
            id="demandes-recherche"
            type="search"
            value={text}
            placeholder="Structure, objet ou référence"
            onChange={(event) => setText(event.target.value)}
          />
        </div>
      </search>
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
            onClick={() => setFilter('page', String(page - 1))}
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
            onClick={() => setFilter('page', String(page + 1))}
          >
            Page suivante
          </button>
        </nav>
      ) : null}
    </>
  );
}
