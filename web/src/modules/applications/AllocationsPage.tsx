/**
 * Répartition (annexe 3 of the deliberation): the allocation lines of a call grouped by theme and
 * operation, with their totals; searched and filtered (territory, operation, convention/avenant) in
 * the page's address so that a filtered view can be shared; downloadable as XLSX or CSV.
 *
 * The server filters and pages (GET /api/calls/:code/allocations/page): a page holds at most
 * PAGE_SIZE lines, and the totals per operation and theme it sends cover every line the filter
 * keeps, on every page, so that a call of twenty thousand lines reads as fast as one of a hundred.
 */
import { useEffect, useMemo, useRef } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { useReferenceData } from '../../app/reference-data.tsx';
import { query } from '../../shared/api.ts';
import {
  FilterBar,
  FilterSelect,
  SearchFilter,
  useSearchParam,
  useSearchText,
} from '../../shared/filters.tsx';
import { formatDate, formatNumber, formatQuantity, plural } from '../../shared/format.ts';
import { Amount, Badge, ErrorNotice, Loading, Notice, PageHeader } from '../../shared/ui.tsx';
import { useApi } from '../../shared/useApi.ts';
import type { CallTree } from '../calls/types.ts';
import { TerritoryScopeNotice } from '../identity/TerritoryScopeNotice.tsx';
import { StateBadge } from './StateBadge.tsx';
import type { AllocationLine, AllocationPage, ThemeTotal } from './types.ts';

/** Lines per page: the table stays quick to read and to render at any size of call. */
export const PAGE_SIZE = 200;

type KindFilter = '' | 'convention' | 'amendment';

function shortReference(reference: string, callCode: string): string {
  return reference.startsWith(`${callCode}-`) ? reference.slice(callCode.length + 1) : reference;
}

function operationKey(themeNumber: number, operationNumber: number): string {
  return `${themeNumber}.${operationNumber}`;
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

/** One theme's lines of the page, by operation, with the totals of all the lines the filter keeps. */
function ThemeTable(props: {
  theme: ThemeTotal;
  linesByOperation: ReadonlyMap<string, AllocationLine[]>;
  callCode: string;
  isFiltered: boolean;
  severalPages: boolean;
}) {
  const { theme } = props;
  const operations = theme.operations.filter((total) =>
    props.linesByOperation.has(operationKey(total.themeNumber, total.operationNumber)),
  );
  if (operations.length === 0) return null;
  return (
    <section className="section" aria-labelledby={`repartition-thematique-${theme.themeNumber}`}>
      <h2 id={`repartition-thematique-${theme.themeNumber}`}>Thématique {theme.themeNumber}</h2>
      <div className="table-wrapper">
        <table className="table table--allocations">
          <caption>
            Répartition de la thématique {theme.themeNumber}
            {props.isFiltered ? ' (sélection)' : ''}
            {props.severalPages ? ', lignes de cette page' : ''}
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
          {operations.map((total) => {
            const key = operationKey(total.themeNumber, total.operationNumber);
            const lines = props.linesByOperation.get(key) ?? [];
            const partial = lines.length < total.lines;
            return (
              <tbody key={key}>
                <tr className="row--group">
                  <th
                    scope="rowgroup"
                    colSpan={7}
                    id={`operation-${total.themeNumber}-${total.operationNumber}`}
                  >
                    Opération {key} — {total.operationTitle}
                  </th>
                </tr>
                {lines.map((line) => (
                  <LineRow key={line.applicationId} line={line} callCode={props.callCode} />
                ))}
                <tr className="row--total">
                  <th scope="row" colSpan={6}>
                    Total opération {key}
                    {props.isFiltered ? ' (sélection)' : ''} — {plural(total.lines, 'ligne')}
                    {partial ? `, dont ${formatNumber(lines.length)} sur cette page` : ''}
                  </th>
                  <td className="numeric nowrap">
                    <Amount cents={total.amount} strong />
                  </td>
                </tr>
              </tbody>
            );
          })}
          <tfoot>
            <tr>
              <th scope="row" colSpan={6}>
                Total thématique {theme.themeNumber}
                {props.isFiltered ? ' (sélection)' : ''}
                {props.severalPages ? ', toutes pages' : ''}
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
}

/** Every operation's total (all pages), for a table spread over several pages. */
function TotalsTable(props: { themes: readonly ThemeTotal[]; total: number; isFiltered: boolean }) {
  return (
    <details className="details">
      <summary>
        Totaux par thématique et opération{props.isFiltered ? ' (sélection)' : ''}, toutes pages
      </summary>
      <div className="table-wrapper">
        <table className="table table--compact">
          <caption>
            Totaux par opération de toutes les lignes{props.isFiltered ? ' retenues par les filtres' : ''}
          </caption>
          <thead>
            <tr>
              <th scope="col">Opération</th>
              <th scope="col" className="numeric">
                Lignes
              </th>
              <th scope="col" className="numeric">
                Montant
              </th>
            </tr>
          </thead>
          {props.themes.map((theme) => (
            <tbody key={theme.themeNumber}>
              {theme.operations.map((total) => (
                <tr key={total.operationNumber}>
                  <th scope="row">
                    {operationKey(total.themeNumber, total.operationNumber)} {total.operationTitle}
                  </th>
                  <td className="numeric">{formatNumber(total.lines)}</td>
                  <td className="numeric nowrap">
                    <Amount cents={total.amount} />
                  </td>
                </tr>
              ))}
              <tr className="row--total">
                <th scope="row">Thématique {theme.themeNumber}</th>
                <td className="numeric">
                  {formatNumber(theme.operations.reduce((sum, total) => sum + total.lines, 0))}
                </td>
                <td className="numeric nowrap">
                  <Amount cents={theme.amount} strong />
                </td>
              </tr>
            </tbody>
          ))}
          <tfoot>
            <tr>
              <th scope="row">Total</th>
              <td className="numeric">
                {formatNumber(
                  props.themes.reduce(
                    (sum, theme) => sum + theme.operations.reduce((lines, total) => lines + total.lines, 0),
                    0,
                  ),
                )}
              </td>
              <td className="numeric nowrap">
                <Amount cents={props.total} strong />
              </td>
            </tr>
          </tfoot>
        </table>
      </div>
    </details>
  );
}

/** "Lignes 1–200 sur 20 136", with the previous and next pages. */
function Pager(props: {
  label: string;
  page: number;
  pages: number;
  first: number;
  last: number;
  total: number;
  onPage: (page: number) => void;
}) {
  return (
    <nav className="pagination" aria-label={props.label}>
      <button
        type="button"
        className="button button--secondary button--small"
        disabled={props.page <= 1}
        onClick={() => props.onPage(props.page - 1)}
      >
        Page précédente
      </button>
      <span>
        Lignes {formatNumber(props.first)}–{formatNumber(props.last)} sur {formatNumber(props.total)}{' '}
        <span className="muted">
          (page {formatNumber(props.page)} sur {formatNumber(props.pages)})
        </span>
      </span>
      <button
        type="button"
        className="button button--secondary button--small"
        disabled={props.page >= props.pages}
        onClick={() => props.onPage(props.page + 1)}
      >
        Page suivante
      </button>
    </nav>
  );
}

export function AllocationsPage() {
  const code = useParams().code ?? '';
  const { territories } = useReferenceData();
  const [, setParams] = useSearchParams();
  // A filter replaces the address's entry and goes back to the first page; a page is a new entry.
  const [territoryParam, setTerritory] = useSearchParam('territoire', { resets: ['page'] });
  const [operation, setOperation] = useSearchParam('operation', { resets: ['page'] });
  const [kindParam, setKind] = useSearchParam('nature', { resets: ['page'] });
  const [pageParam, setPage] = useSearchParam('page', { implicit: '1', push: true });
  // The search box: what is typed shows at once, and goes to the address (and the server) on a pause;
  // back and forward in the browser's history bring their own search.
  const search = useSearchText('q', { resets: ['page'], trim: true, followAddress: true });
  const searchParam = search.value;
  const kind: KindFilter = kindParam === 'convention' || kindParam === 'amendment' ? kindParam : '';
  const page = Math.max(Math.floor(Number(pageParam)) || 1, 1);
  const isFiltered = searchParam.trim() !== '' || territoryParam !== '' || operation !== '' || kind !== '';
  const clearFilters = () => {
    search.clear();
    setParams(new URLSearchParams(), { replace: true });
  };

  // The operation is "1.4" in the address, as people name it; the server wants its id.
  const tree = useApi<CallTree>(`/api/calls/${encodeURIComponent(code)}`);
  const operations = useMemo(
    () =>
      (tree.data?.themes ?? []).flatMap((theme) =>
        theme.operations.map((item) => ({
          id: item.id,
          key: operationKey(theme.number, item.number),
          title: item.shortTitle ?? item.title,
          themeNumber: theme.number,
        })),
      ),
    [tree.data],
  );
  const operationId = operations.find((item) => item.key === operation)?.id;
  const unknownOperation = operation !== '' && tree.data !== undefined && operationId === undefined;
  const waitingForOperation = operation !== '' && tree.data === undefined && tree.error === undefined;
  // The territory is its code in the address; a name (an address written before) is understood too.
  const territory = territories.find((item) => item.code === territoryParam || item.name === territoryParam);
  const territoryCode = territory?.code ?? territoryParam;

  const base = `/api/calls/${encodeURIComponent(code)}/allocations/page`;
  const answer = useApi<AllocationPage>(
    waitingForOperation
      ? null
      : `${base}${query({
          q: searchParam.trim(),
          territory: territoryCode,
          operationId: unknownOperation ? undefined : operationId,
          kind,
          limit: PAGE_SIZE,
          offset: (page - 1) * PAGE_SIZE,
        })}`,
  );
  // The whole call's figures, to compare a selection with ("12 lignes sélectionnées sur 136").
  const whole = useApi<AllocationPage>(isFiltered ? `${base}${query({ limit: 1 })}` : null);
  const data = answer.data;
  const wholeLines = isFiltered ? whole.data?.totalLines : data?.totalLines;
  const wholeTotal = isFiltered ? whole.data?.total : data?.total;

  const pages = data ? Math.max(Math.ceil(data.totalLines / PAGE_SIZE), 1) : 1;
  const first = data && data.lines.length > 0 ? data.offset + 1 : 0;
  const last = data ? data.offset + data.lines.length : 0;
  const linesByOperation = useMemo(() => {
    const groups = new Map<string, AllocationLine[]>();
    for (const line of data?.lines ?? []) {
      const key = operationKey(line.themeNumber, line.operationNumber);
      const group = groups.get(key);
      if (group) group.push(line);
      else groups.set(key, [line]);
    }
    return groups;
  }, [data]);

  // After a change of page, the reader is taken to the top of the new lines.
  const summary = useRef<HTMLParagraphElement>(null);
  const pendingFocus = useRef<number | null>(null);
  const goToPage = (next: number) => {
    pendingFocus.current = (next - 1) * PAGE_SIZE;
    setPage(String(next));
  };
  useEffect(() => {
    if (data && pendingFocus.current === data.offset) {
      pendingFocus.current = null;
      summary.current?.focus();
      summary.current?.scrollIntoView({ block: 'start' });
    }
  }, [data]);

  // The downloads take the same filters as the page (none: the whole table).
  const exportQuery = (format: 'xlsx' | 'csv') =>
    `/api/calls/${encodeURIComponent(code)}/exports/allocations${query({
      format,
      q: searchParam.trim(),
      territory: territoryCode,
      operationId: unknownOperation ? undefined : operationId,
      kind,
    })}`;
  const pager = (label: string) =>
    data && pages > 1 ? (
      <Pager
        label={label}
        page={page}
        pages={pages}
        first={first}
        last={last}
        total={data.totalLines}
        onPage={goToPage}
      />
    ) : null;

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
            <a className="button" href={exportQuery('xlsx')} download>
              Télécharger (XLSX)
            </a>
            <a className="button button--secondary" href={exportQuery('csv')} download>
              CSV
            </a>
          </>
        }
      />
      <TerritoryScopeNotice />
      <FilterBar label="Filtrer la répartition">
        <SearchFilter
          id="filtre-recherche"
          label="Rechercher"
          hint="Structure, objet ou référence"
          search={search}
        />
        <FilterSelect
          id="filtre-territoire"
          label="Territoire"
          value={territory?.code ?? territoryParam}
          onChange={setTerritory}
          all="Tous"
          options={territories.map((item) => ({ value: item.code, label: item.name }))}
        />
        <FilterSelect
          id="filtre-operation"
          label="Opération"
          value={unknownOperation ? '' : operation}
          onChange={setOperation}
          all="Toutes"
        >
          {(tree.data?.themes ?? []).map((theme) => (
            <optgroup key={theme.number} label={`Thématique ${theme.number}`}>
              {operations
                .filter((item) => item.themeNumber === theme.number)
                .map((item) => (
                  <option key={item.key} value={item.key}>
                    {item.key} {item.title}
                  </option>
                ))}
            </optgroup>
          ))}
        </FilterSelect>
        <FilterSelect
          id="filtre-nature"
          label="Nature"
          value={kind}
          onChange={setKind}
          all="Conventions et avenants"
          options={[
            { value: 'convention', label: 'Conventions' },
            { value: 'amendment', label: 'Avenants' },
          ]}
        />
        {isFiltered || search.text !== '' ? (
          <button type="button" className="button button--tertiary" onClick={clearFilters}>
            Effacer les filtres
          </button>
        ) : null}
      </FilterBar>
      {unknownOperation ? (
        <Notice kind="warning">
          <p>L’opération {operation} n’existe pas dans cet appel : toutes les opérations sont affichées.</p>
        </Notice>
      ) : null}
      {answer.error ? <ErrorNotice error={answer.error} onRetry={answer.reload} /> : null}
      {tree.error && operation !== '' ? <ErrorNotice error={tree.error} onRetry={tree.reload} /> : null}
      <p className="results-count" role="status" ref={summary} tabIndex={-1}>
        {data ? (
          isFiltered ? (
            <>
              {plural(data.totalLines, 'ligne sélectionnée', 'lignes sélectionnées')}
              {wholeLines !== undefined ? ` sur ${formatNumber(wholeLines)}` : ''}, pour un montant de{' '}
              <Amount cents={data.total} strong />
              {pages > 1 ? ` — lignes ${formatNumber(first)}–${formatNumber(last)} affichées` : ''}
            </>
          ) : (
            <>
              {plural(data.totalLines, 'ligne')} pour un montant total de <Amount cents={data.total} strong />
              {pages > 1 ? ` — lignes ${formatNumber(first)}–${formatNumber(last)} affichées` : ''}
            </>
          )
        ) : null}
      </p>
      {isFiltered && data ? (
        <p className="muted">Les téléchargements contiennent les lignes sélectionnées, avec leurs totaux.</p>
      ) : null}
      {(answer.loading || waitingForOperation) && !data ? <Loading what="de la répartition" /> : null}
      {data ? (
        <div aria-busy={answer.loading}>
          {pages > 1 ? <TotalsTable themes={data.themes} total={data.total} isFiltered={isFiltered} /> : null}
          {pager('Pages de la répartition (haut)')}
          {data.themes.map((theme) => (
            <ThemeTable
              key={theme.themeNumber}
              theme={theme}
              linesByOperation={linesByOperation}
              callCode={code}
              isFiltered={isFiltered}
              severalPages={pages > 1}
            />
          ))}
          {data.totalLines === 0 ? (
            <p className="empty">
              {isFiltered
                ? 'Aucune ligne ne correspond à ces critères.'
                : 'Aucune ligne : aucune demande de l’appel n’est proposée, votée ou reportée.'}
            </p>
          ) : data.lines.length === 0 ? (
            <Notice kind="info">
              <p>
                Cette page est au-delà de la dernière ({formatNumber(pages)}).{' '}
                <button
                  type="button"
                  className="button button--secondary button--small"
                  onClick={() => goToPage(1)}
                >
                  Aller à la première page
                </button>
              </p>
            </Notice>
          ) : null}
          {pager('Pages de la répartition (bas)')}
          {data.totalLines > 0 ? (
            <p className="grand-total">
              {isFiltered ? (
                <>
                  Total de la sélection : <Amount cents={data.total} strong />
                  {wholeTotal !== undefined ? (
                    <>
                      {' '}
                      · Total de l’appel : <Amount cents={wholeTotal} strong />
                    </>
                  ) : null}
                </>
              ) : (
                <>
                  Total de l’appel : <Amount cents={data.total} strong />
                </>
              )}
            </p>
          ) : null}
        </div>
      ) : null}
    </>
  );
}
