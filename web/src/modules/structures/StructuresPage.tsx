/** Structures: search by name, acronym, former name or SIRET, page by page. */
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { query } from '../../shared/api.ts';
import { formatNumber, NO_VALUE, plural } from '../../shared/format.ts';
import { ErrorNotice, Loading, PageHeader } from '../../shared/ui.tsx';
import { useApi } from '../../shared/useApi.ts';
import { useSession } from '../identity/session.tsx';
import { formatSiret } from './identifiers.ts';
import type { StructureList } from './types.ts';

const PAGE_SIZE = 50;

export function StructuresPage() {
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const page = Math.max(Number(params.get('page') ?? '1') || 1, 1);
  const [text, setText] = useState(q);

  useEffect(() => {
    const timer = window.setTimeout(() => {
      if (text.trim() !== q) setParams(text.trim() ? { q: text.trim() } : {}, { replace: true });
    }, 300);
    return () => window.clearTimeout(timer);
  }, [text, q, setParams]);

  const { data, error, loading, reload } = useApi<StructureList>(
    `/api/structures${query({ q, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE })}`,
  );
  const pages = data ? Math.max(Math.ceil(data.total / PAGE_SIZE), 1) : 1;
  const goTo = (target: number) => {
    const next = new URLSearchParams(params);
    next.set('page', String(target));
    setParams(next);
  };

  return (
    <>
      <PageHeader
        title="Structures"
        subtitle="Les porteurs de projets : CCAS, associations, structures d’insertion, PLIE…"
        actions={
          can('structures:write') ? (
            <Link className="button" to="/structures/nouvelle">
              Nouvelle structure
            </Link>
          ) : null
        }
      />
      <search className="filters card" aria-label="Rechercher des structures">
        <form
          className="field field--grow"
          onSubmit={(event) => {
            event.preventDefault();
            setParams(text.trim() ? { q: text.trim() } : {}, { replace: true });
          }}
        >
          <label className="field__label" htmlFor="structures-recherche">
            Rechercher
          </label>
          <p className="field__hint" id="structures-recherche-aide">
            Nom, sigle, ancien nom ou variante d’écriture, ou SIRET
          </p>
          <div className="input-with-button">
            <input
              id="structures-recherche"
              type="search"
              aria-describedby="structures-recherche-aide"
              value={text}
              onChange={(event) => setText(event.target.value)}
            />
            <button type="submit" className="button">
              Rechercher
            </button>
          </div>
        </form>
      </search>
      {error ? <ErrorNotice error={error} onRetry={reload} /> : null}
      <p className="results-count" role="status">
        {data ? plural(data.total, 'structure trouvée', 'structures trouvées') : ''}
      </p>
      {loading && !data ? <Loading what="des structures" /> : null}
      {data && data.items.length > 0 ? (
        <div className="table-wrapper">
          <table className="table">
            <caption>
              Structures{q ? ` correspondant à « ${q} »` : ''}
              {pages > 1 ? ` — page ${page} sur ${pages}` : ''}
            </caption>
            <thead>
              <tr>
                <th scope="col">Nom</th>
                <th scope="col">Raison sociale</th>
                <th scope="col">Catégorie</th>
                <th scope="col">SIRET</th>
                <th scope="col">Commune</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((item) => (
                <tr key={item.id}>
                  <th scope="row">
                    <Link to={`/structures/${item.id}`}>{item.displayName}</Link>
                    {item.aliases.length > 0 ? (
                      <span className="cell-detail">aussi : {item.aliases.join(', ')}</span>
                    ) : null}
                  </th>
                  <td>{item.legalName}</td>
                  <td>{item.categoryLabel}</td>
                  <td className="nowrap">
                    {item.siret ? formatSiret(item.siret) : <span className="muted">non renseigné</span>}
                  </td>
                  <td>{item.addressCity ?? NO_VALUE}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {data && data.items.length === 0 ? <p className="empty">Aucune structure ne correspond.</p> : null}
      {pages > 1 ? (
        <nav className="pagination" aria-label="Pages de résultats">
          <button
            type="button"
            className="button button--secondary button--small"
            disabled={page <= 1}
            onClick={() => goTo(page - 1)}
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
            onClick={() => goTo(page + 1)}
          >
            Page suivante
          </button>
        </nav>
      ) : null}
    </>
  );
}
