/**
 * Répartition (annexe 3 of the deliberation): the allocation lines of a call grouped by theme and
 * operation, with their totals; searched and filtered (territory, operation, convention/avenant) in
 * the page's address so that a filtered view can be shared; downloadable as XLSX or CSV.
 */
import { useMemo } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { formatDate, formatQuantity, plural } from '../../shared/format.ts';
import { Amount, Badge, ErrorNotice, Loading, PageHeader } from '../../shared/ui.tsx';
import { useApi } from '../../shared/useApi.ts';
import { TerritoryScopeNotice } from '../identity/TerritoryScopeNotice.tsx';
import { StateBadge } from './StateBadge.tsx';
import type { AllocationLine, AllocationTable } from './types.ts';

type KindFilter = '' | 'convention' | 'amendment';

function normalise(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

function matches(
  line: AllocationLine,
  search: string,
  territory: string,
  operation: string,
  kind: KindFilter,
) {
  if (territory && !line.territories.includes(territory)) return false;
  if (operation && `${line.themeNumber}.${line.operationNumber}` !== operation) return false;
  if (kind && line.kind !== kind) return false;
  if (search) {
    const haystack = normalise(
      `${line.reference} ${line.structure} ${line.label} ${line.territories.join(' ')}`,
    );
    return normalise(search)
      .split(/\s+/)
      .filter((word) => word !== '')
      .every((word) => haystack.includes(word));
  }
  return true;
}

function shortReference(reference: string, callCode: string): string {
  return reference.startsWith(`${callCode}-`) ? reference.slice(callCode.length + 1) : reference;
}

function LineRow(props: { line: AllocationLine; callCode: string }) {
  const { line } = props;
  return (
    <tr className={line.kind === 'amendment' ? 'row--amendment' : undefined}>
      <td className="nowrap">
        <Link to={`/demandes/${line.applicationId}`} aria-label={`Demande ${line.reference}`}>
          {shortReference(line.reference, props.callCode)}
        </Link>
      </td>
      <td>{line.territories.join(', ')}</td>
      <th scope="row">{line.structure}</th>
      <td>
        {line.kind === 'amendment' ? <Badge tone="warning">Avenant</Badge> : null} {line.label}
        {line.state !== 'proposed' ? (
          <span className="cell-detail">
            <StateBadge state={line.state} />
          </span>
        ) : null}
      </td>
      <td className="numeric nowrap">{formatQuantity(line.quantity, line.unit)}</td>
      <td className="nowrap">
        {formatDate(line.periodStart)} – {formatDate(line.periodEnd)}
      </td>
      <td className="numeric nowrap">
        <Amount cents={line.amount} />
      </td>
    </tr>
  );
}

export function AllocationsPage() {
  const code = useParams().code ?? '';
  const [params, setParams] = useSearchParams();
  const search = params.get('q') ?? '';
  const territory = params.get('territoire') ?? '';
  const operation = params.get('operation') ?? '';
  const kindParam = params.get('nature') ?? '';
  const kind: KindFilter = kindParam === 'convention' || kindParam === 'amendment' ? kindParam : '';
  const { data, error, loading, reload } = useApi<AllocationTable>(
    `/api/calls/${encodeURIComponent(code)}/allocations`,
  );

  const setFilter = (name: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  };

  const territories = useMemo(
    () =>
      [...new Set((data?.lines ?? []).flatMap((line) => line.territories))].sort((a, b) =>
        a.localeCompare(b, 'fr'),
      ),
    [data],
  );
  const filtered = useMemo(
    () => (data?.lines ?? []).filter((line) => matches(line, search, territory, operation, kind)),
    [data, search, territory, operation, kind],
  );
  const isFiltered = search !== '' || territory !== '' || operation !== '' || kind !== '';
  const filteredTotal = filtered.reduce((sum, line) => sum + line.amount, 0);
  const exportBase = `/api/calls/${encodeURIComponent(code)}/exports/allocations`;

  return (
    <>
      <PageHeader
        title="Répartition financière"
        documentTitle={`Répartition ${code}`}
        crumbs={[
          { label: 'Tableau de bord', to: '/' },
          { label: `Appel ${code}`, to: `/appels/${encodeURIComponent(code)}` },
        ]}
        subtitle={data ? `${data.callTitle} — annexe 3, par thématique, opération et territoire` : undefined}
        actions={
          <>
            <a className="button" href={`${exportBase}?format=xlsx`} download>
              Télécharger (XLSX)
            </a>
            <a className="button button--secondary" href={`${exportBase}?format=csv`} download>
              CSV
            </a>
          </>
        }
      />
      <TerritoryScopeNotice />
      {error ? <ErrorNotice error={error} onRetry={reload} /> : null}
      {loading ? <Loading what="de la répartition" /> : null}
      {data ? (
        <>
          <search className="filters card" aria-label="Filtrer la répartition">
            <div className="field field--grow">
              <label className="field__label" htmlFor="filtre-recherche">
                Rechercher
              </label>
              <p className="field__hint" id="filtre-recherche-aide">
                Structure, objet, référence ou territoire
              </p>
              <input
                id="filtre-recherche"
                type="search"
                aria-describedby="filtre-recherche-aide"
                value={search}
                onChange={(event) => setFilter('q', event.target.value)}
              />
            </div>
            <div className="field">
              <label className="field__label" htmlFor="filtre-territoire">
                Territoire
              </label>
              <select
                id="filtre-territoire"
                value={territory}
                onChange={(event) => setFilter('territoire', event.target.value)}
              >
                <option value="">Tous</option>
                {territories.map((name) => (
                  <option key={name} value={name}>
                    {name}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label className="field__label" htmlFor="filtre-operation">
                Opération
              </label>
              <select
                id="filtre-operation"
                value={operation}
                onChange={(event) => setFilter('operation', event.target.value)}
              >
                <option value="">Toutes</option>
                {data.themes.map((theme) => (
                  <optgroup key={theme.themeNumber} label={`Thématique ${theme.themeNumber}`}>
                    {theme.operations.map((item) => (
                      <option
                        key={`${item.themeNumber}.${item.operationNumber}`}
                        value={`${item.themeNumber}.${item.operationNumber}`}
                      >
                        {item.themeNumber}.{item.operationNumber} {item.operationTitle}
                      </option>
                    ))}
                  </optgroup>
                ))}
              </select>
            </div>
            <div className="field">
              <label className="field__label" htmlFor="filtre-nature">
                Nature
              </label>
              <select
                id="filtre-nature"
                value={kind}
                onChange={(event) => setFilter('nature', event.target.value)}
              >
                <option value="">Conventions et avenants</option>
                <option value="convention">Conventions</option>
                <option value="amendment">Avenants</option>
              </select>
            </div>
            {isFiltered ? (
              <button
                type="button"
                className="button button--tertiary"
                onClick={() => setParams(new URLSearchParams(), { replace: true })}
              >
                Effacer les filtres
              </button>
            ) : null}
          </search>
          <p className="results-count" role="status">
            {isFiltered ? (
              <>
                {plural(filtered.length, 'ligne affichée', 'lignes affichées')} sur {data.lines.length}, pour
                un montant de <Amount cents={filteredTotal} strong />
              </>
            ) : (
              <>
                {plural(data.lines.length, 'ligne')} pour un montant total de{' '}
                <Amount cents={data.total} strong />
              </>
            )}
          </p>
          {data.themes.map((theme) => {
            const themeLines = filtered.filter((line) => line.themeNumber === theme.themeNumber);
            if (themeLines.length === 0) return null;
            return (
              <section
                key={theme.themeNumber}
                className="section"
                aria-labelledby={`repartition-thematique-${theme.themeNumber}`}
              >
                <h2 id={`repartition-thematique-${theme.themeNumber}`}>Thématique {theme.themeNumber}</h2>
                <div className="table-wrapper">
                  <table className="table table--allocations">
                    <caption>
                      Répartition de la thématique {theme.themeNumber}
                      {isFiltered ? ' (sélection)' : ''}
                    </caption>
                    <thead>
                      <tr>
                        <th scope="col">Réf.</th>
                        <th scope="col">Territoire</th>
                        <th scope="col">Structure</th>
                        <th scope="col">Objet</th>
                        <th scope="col" className="numeric">
                          Quantité
                        </th>
                        <th scope="col">Période</th>
                        <th scope="col" className="numeric">
                          Montant
                        </th>
                      </tr>
                    </thead>
                    {theme.operations.map((total) => {
                      const lines = themeLines.filter(
                        (line) => line.operationNumber === total.operationNumber,
                      );
                      if (lines.length === 0) return null;
                      const selected = lines.reduce((sum, line) => sum + line.amount, 0);
                      const headingId = `operation-${total.themeNumber}-${total.operationNumber}`;
                      return (
                        <tbody key={total.operationNumber}>
                          <tr className="row--group">
                            <th scope="rowgroup" colSpan={7} id={headingId}>
                              Opération {total.themeNumber}.{total.operationNumber} — {total.operationTitle}
                            </th>
                          </tr>
                          {lines.map((line) => (
                            <LineRow key={line.applicationId} line={line} callCode={code} />
                          ))}
                          <tr className="row--total">
                            <th scope="row" colSpan={6}>
                              Total opération {total.themeNumber}.{total.operationNumber}
                              {isFiltered && lines.length !== total.lines
                                ? ` — sélection de ${lines.length} ligne${lines.length > 1 ? 's' : ''} sur ${total.lines}`
                                : ` — ${plural(total.lines, 'ligne')}`}
                            </th>
                            <td className="numeric nowrap">
                              {isFiltered && lines.length !== total.lines ? (
                                <>
                                  <Amount cents={selected} strong />
                                  <span className="cell-detail">
                                    sur <Amount cents={total.amount} />
                                  </span>
                                </>
                              ) : (
                                <Amount cents={total.amount} strong />
                              )}
                            </td>
                          </tr>
                        </tbody>
                      );
                    })}
                    <tfoot>
                      <tr>
                        <th scope="row" colSpan={6}>
                          Total thématique {theme.themeNumber}
                          {isFiltered ? ' (toutes lignes)' : ''}
                        </th>
                        <td className="numeric nowrap">
                          <Amount cents={theme.amount} strong />
                        </td>
                      </tr>
                    </tfoot>
                  </table>
                </div>
              </section>
            );
          })}
          {filtered.length === 0 ? (
            <p className="empty">Aucune ligne ne correspond à ces critères.</p>
          ) : (
            <p className="grand-total">
              Total de l’appel : <Amount cents={data.total} strong />
            </p>
          )}
        </>
      ) : null}
    </>
  );
}
