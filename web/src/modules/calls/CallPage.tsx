/**
 * Appel: the themes and operations of a call, each operation with its funding rule (name and French
 * description, legal reference), its budget line and its totals: the amount the report states and
 * the total of the allocation table, flagged when they differ; and the conditions each operation's
 * conventions print (objectives, advance…), with what remains to complete and, for calls:write, the
 * link to complete them.
 */
import { Link, useLocation, useParams } from 'react-router';
import { formatEuros, formatNumber, formatQuantity, plural } from '../../shared/format.ts';
import { RichText } from '../../shared/RichText.tsx';
import { Amount, Badge, ErrorNotice, Loading, Notice, PageHeader, Section } from '../../shared/ui.tsx';
import { useApi } from '../../shared/useApi.ts';
import type { AllocationPage } from '../applications/types.ts';
import type { BudgetLine } from '../budget/types.ts';
import { useSession } from '../identity/session.tsx';
import { TerritoryScopeNotice, useTerritoryScope } from '../identity/TerritoryScopeNotice.tsx';
import { advanceText, conventionTermsPath, instalmentText, missingTerms } from './convention-terms.ts';
import { type ReturnState, savedFrom } from './return-to.ts';
import { type CallTree, type Operation, operationNumber, type Theme } from './types.ts';

/** The allocation table's totals per operation and theme (annexe 3), of all its lines. */
type AllocationTotals = Pick<AllocationPage, 'themes' | 'total'>;

function Difference(props: { stated: number | undefined; actual: number | undefined }) {
  // An instructeur's totals cover their territories only: comparing them with the call's is meaningless.
  const scope = useTerritoryScope();
  if (scope || props.stated === undefined || props.actual === undefined) return null;
  if (props.stated === props.actual) return <Badge tone="success">Conforme</Badge>;
  return <Badge tone="warning">Écart {formatEuros(props.actual - props.stated)}</Badge>;
}

function OperationRow(props: {
  operation: Operation;
  lines: BudgetLine[];
  total: { amount: number; lines: number } | undefined;
}) {
  const { operation } = props;
  const line = props.lines.find((item) => item.id === operation.budgetLineId);
  return (
    <tr>
      <td className="numeric">{operationNumber(operation)}</td>
      <th scope="row">
        {operation.title}
        {operation.targetPublic ? (
          <span className="cell-detail">Public : {operation.targetPublic}</span>
        ) : null}
      </th>
      <td>
        {operation.rules.length === 0 ? (
          <span className="muted">Aucune règle</span>
        ) : (
          operation.rules.map((version) => (
            <div key={version.id} className="rule">
              <strong>{version.label}</strong>
              <span className="cell-detail">{version.description}</span>
              {version.legalReference ? (
                <span className="cell-detail muted">{version.legalReference}</span>
              ) : null}
            </div>
          ))
        )}
      </td>
      <td>{line ? <span className="line-code">{line.code}</span> : '—'}</td>
      <td className="numeric">
        {operation.stated.quantity !== undefined
          ? formatQuantity(operation.stated.quantity, operation.stated.unit)
          : '—'}
      </td>
      <td className="numeric">{props.total ? formatNumber(props.total.lines) : '0'}</td>
      <td className="numeric">
        <Amount cents={props.total?.amount ?? 0} strong />
      </td>
      <td className="numeric">
        <Amount cents={operation.stated.amount_cents} />
        <Difference stated={operation.stated.amount_cents} actual={props.total?.amount ?? 0} />
      </td>
    </tr>
  );
}

const TERM_TEXTS = [
  ['objectives', 'Objectifs'],
  ['procedure', 'Déroulement de l’action'],
  ['professionalProfile', 'Profil du professionnel intervenant'],
  ['review', 'Bilan à transmettre'],
] as const;

function ConventionTermsCell(props: { operation: Operation }) {
  const terms = props.operation.conventionTerms;
  const missing = missingTerms(terms);
  const texts = TERM_TEXTS.filter(([key]) => terms[key]);
  const instalments = terms.instalments ?? [];
  return (
    <>
      {missing.length === 0 ? (
        <Badge tone="success">Complètes</Badge>
      ) : (
        <>
          <Badge tone="warning">À compléter</Badge>
          <span className="cell-detail">Manque : {missing.join(', ')}</span>
        </>
      )}
      {texts.length > 0 || instalments.length > 0 ? (
        <details className="call-terms">
          <summary className="call-terms__summary">
            Lire les conditions
            <span className="visually-hidden"> de l’opération {operationNumber(props.operation)}</span>
          </summary>
          <dl>
            {texts.map(([key, label]) => (
              <div key={key}>
                <dt>{label}</dt>
                <dd>{terms[key]}</dd>
              </div>
            ))}
            {instalments.length > 0 ? (
              <div>
                <dt>Acomptes</dt>
                <dd>
                  {instalments
                    .map((instalment, index) => `n°${index + 1} : ${instalmentText(instalment)}`)
                    .join('\n')}
                </dd>
              </div>
            ) : null}
          </dl>
        </details>
      ) : null}
    </>
  );
}

function ConventionTermsTable(props: {
  theme: Theme;
  callCode: string;
  canWrite: boolean;
  saved: { message: string; operationId: number } | null;
}) {
  const { theme } = props;
  const complete = theme.operations.filter(
    (operation) => missingTerms(operation.conventionTerms).length === 0,
  );
  return (
    <div className="call-terms-block" id={`conventions-thematique-${theme.number}`}>
      {props.saved ? (
        <Notice kind="success" live="status" focus>
          <p>{props.saved.message}</p>
        </Notice>
      ) : null}
      <div className="table-wrapper">
        <table className="table table--compact call-terms-table">
          <caption>
            Conditions de convention des opérations de la thématique {theme.number} (
            {complete.length === theme.operations.length
              ? 'toutes complètes'
              : `${complete.length} complète${complete.length > 1 ? 's' : ''} sur ${theme.operations.length}`}
            )
          </caption>
          <thead>
            <tr>
              <th scope="col" className="numeric">
                N°
              </th>
              <th scope="col">Opération</th>
              <th scope="col" className="numeric">
                Avance à la signature
              </th>
              <th scope="col">Conditions</th>
              {props.canWrite ? (
                <th scope="col">
                  <span className="visually-hidden">Action</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {theme.operations.map((operation) => {
              const number = operationNumber(operation);
              const advance = advanceText(operation.conventionTerms);
              const instalments = operation.conventionTerms.instalments?.length ?? 0;
              return (
                <tr key={operation.id}>
                  <td className="numeric">{number}</td>
                  <th scope="row">{operation.shortTitle ?? operation.title}</th>
                  <td className="numeric nowrap">
                    {advance === null ? <span className="muted">non renseignée</span> : advance}
                    {instalments > 0 ? (
                      <span className="cell-detail">
                        {instalments === 1 ? '1 acompte' : `${instalments} acomptes`}
                      </span>
                    ) : null}
                  </td>
                  <td>
                    <ConventionTermsCell operation={operation} />
                  </td>
                  {props.canWrite ? (
                    <td className="nowrap">
                      <Link
                        to={conventionTermsPath(props.callCode, operation.id)}
                        state={
                          {
                            from: `/appels/${encodeURIComponent(props.callCode)}`,
                            fromLabel: `l’appel ${props.callCode}`,
                          } satisfies ReturnState
                        }
                      >
                        Modifier les conditions de convention
                        <span className="visually-hidden"> de l’opération {number}</span>
                      </Link>
                    </td>
                  ) : null}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function ThemeSection(props: {
  theme: Theme;
  allocations: AllocationTotals | undefined;
  lines: BudgetLine[];
  callCode: string;
  canWrite: boolean;
  saved: { message: string; operationId: number } | null;
}) {
  const { theme } = props;
  const saved =
    props.saved && theme.operations.some((operation) => operation.id === props.saved?.operationId)
      ? props.saved
      : null;
  const themeTotal = props.allocations?.themes.find((item) => item.themeNumber === theme.number);
  return (
    <Section title={`Thématique ${theme.number} — ${theme.title}`} id={`thematique-${theme.number}`}>
      {theme.intro ? (
        <details className="details">
          <summary>Présentation de la thématique</summary>
          <RichText text={theme.intro} />
        </details>
      ) : null}
      <div className="table-wrapper">
        <table className="table">
          <caption>
            Opérations de la thématique {theme.number} ({plural(theme.operations.length, 'opération')})
          </caption>
          <thead>
            <tr>
              <th scope="col" className="numeric">
                N°
              </th>
              <th scope="col">Opération</th>
              <th scope="col" className="column-rule">
                Règle de financement
              </th>
              <th scope="col">Ligne</th>
              <th scope="col" className="numeric">
                Quantité annoncée
              </th>
              <th scope="col" className="numeric">
                Lignes
              </th>
              <th scope="col" className="numeric">
                Total réparti
              </th>
              <th scope="col" className="numeric">
                Montant annoncé
              </th>
            </tr>
          </thead>
          <tbody>
            {theme.operations.map((operation) => (
              <OperationRow
                key={operation.id}
                operation={operation}
                lines={props.lines}
                total={themeTotal?.operations.find((item) => item.operationNumber === operation.number)}
              />
            ))}
          </tbody>
          <tfoot>
            <tr>
              <td />
              <th scope="row" colSpan={5}>
                Total de la thématique {theme.number}
              </th>
              <td className="numeric">
                <Amount cents={themeTotal?.amount ?? 0} strong />
              </td>
              <td className="numeric">
                <Amount cents={theme.stated.amount_cents} />
                <Difference stated={theme.stated.amount_cents} actual={themeTotal?.amount ?? 0} />
              </td>
            </tr>
          </tfoot>
        </table>
      </div>
      <ConventionTermsTable theme={theme} callCode={props.callCode} canWrite={props.canWrite} saved={saved} />
      <div className="operation-texts">
        {theme.operations.map((operation) =>
          operation.description || operation.reviewPreviousYear || operation.proposal ? (
            <details key={operation.id} className="details">
              <summary>
                Opération {operationNumber(operation)} — {operation.title} : descriptif, bilan et proposition
              </summary>
              {operation.description ? (
                <>
                  <h3>Descriptif</h3>
                  <RichText text={operation.description} />
                </>
              ) : null}
              {operation.reviewPreviousYear ? (
                <>
                  <h3>Bilan de l’année précédente</h3>
                  <RichText text={operation.reviewPreviousYear} />
                </>
              ) : null}
              {operation.proposal ? (
                <>
                  <h3>Proposition</h3>
                  <RichText
                    text={operation.proposal}
                    tableCaption={`Répartition proposée — opération ${operationNumber(operation)}`}
                  />
                </>
              ) : null}
            </details>
          ) : null,
        )}
      </div>
    </Section>
  );
}

export function CallPage() {
  const code = useParams().code ?? '';
  const { can } = useSession();
  const returned = savedFrom(useLocation().state);
  const saved =
    returned?.target?.kind === 'operation' && returned.target.id !== null
      ? { message: returned.message, operationId: returned.target.id }
      : null;
  const call = useApi<CallTree>(`/api/calls/${encodeURIComponent(code)}`);
  // The totals only, computed by the database: one line comes along, not the whole table.
  const allocations = useApi<AllocationTotals>(
    `/api/calls/${encodeURIComponent(code)}/allocations/page?limit=1`,
  );
  const lines = useApi<BudgetLine[]>('/api/budget-lines');
  const tree = call.data;
  const statedTotal = tree?.themes.reduce((sum, theme) => sum + (theme.stated.amount_cents ?? 0), 0);
  return (
    <>
      <PageHeader
        title={tree ? tree.title : `Appel ${code}`}
        documentTitle={`Appel ${code}`}
        crumbs={[{ label: 'Tableau de bord', to: '/' }]}
        subtitle={
          tree
            ? `${tree.code} · année ${tree.year}, phase ${tree.phase}${tree.isPartial ? ' · reprise partielle' : ''}`
            : undefined
        }
        actions={
          <Link className="button button--secondary" to={`/appels/${encodeURIComponent(code)}/repartition`}>
            Répartition (annexe 3)
          </Link>
        }
      />
      <TerritoryScopeNotice />
      {call.error ? <ErrorNotice error={call.error} onRetry={call.reload} /> : null}
      {call.loading ? <Loading what="de l’appel" /> : null}
      {tree ? (
        <>
          <Section title="Synthèse" id="synthese">
            <div className="table-wrapper">
              <table className="table table--compact">
                <caption>Montants par thématique</caption>
                <thead>
                  <tr>
                    <th scope="col">Thématique</th>
                    <th scope="col" className="numeric">
                      Opérations
                    </th>
                    <th scope="col" className="numeric">
                      Total réparti
                    </th>
                    <th scope="col" className="numeric">
                      Montant annoncé
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {tree.themes.map((theme) => {
                    const total = allocations.data?.themes.find((item) => item.themeNumber === theme.number);
                    return (
                      <tr key={theme.id}>
                        <th scope="row">
                          <a href={`#thematique-${theme.number}-titre`}>
                            {theme.number}. {theme.title}
                          </a>
                        </th>
                        <td className="numeric">{theme.operations.length}</td>
                        <td className="numeric">
                          <Amount cents={total?.amount ?? 0} />
                        </td>
                        <td className="numeric">
                          <Amount cents={theme.stated.amount_cents} />
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row">Total de l’appel</th>
                    <td className="numeric">
                      {tree.themes.reduce((sum, theme) => sum + theme.operations.length, 0)}
                    </td>
                    <td className="numeric">
                      <Amount cents={allocations.data?.total ?? 0} strong />
                    </td>
                    <td className="numeric">
                      <Amount cents={statedTotal} />
                    </td>
                  </tr>
                </tfoot>
              </table>
            </div>
            {allocations.error ? (
              <ErrorNotice error={allocations.error} onRetry={allocations.reload} />
            ) : null}
          </Section>
          {tree.themes.map((theme) => (
            <ThemeSection
              key={theme.id}
              theme={theme}
              allocations={allocations.data}
              lines={lines.data ?? []}
              callCode={tree.code}
              canWrite={can('calls:write')}
              saved={saved}
            />
          ))}
        </>
      ) : null}
    </>
  );
}
