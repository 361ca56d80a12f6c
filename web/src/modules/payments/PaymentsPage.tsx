/**
 * Versements: the payments of every convention in one state (validated ones by default: those to
 * send to the finance software), with the structure, its bank details, the convention, the budget
 * line and the object the finance software prints; and the payment file of that state for the
 * finance software, in CSV or XLSX.
 */
import { Link } from 'react-router';
import { query } from '../../shared/api.ts';
import { FilterBar, FilterSelect, useSearchParam } from '../../shared/filters.tsx';
import { formatDate, plural } from '../../shared/format.ts';
import { Amount, Badge, ErrorNotice, Loading, PageHeader } from '../../shared/ui.tsx';
import { useApi } from '../../shared/useApi.ts';
import {
  conventionPath,
  PAYMENT_STATE_LABELS,
  PAYMENT_STATE_TONES,
  PAYMENT_STATES,
} from '../conventions/convention-format.ts';
import { formatIban, formatSiret } from '../structures/identifiers.ts';
import type { PaymentListItem } from './types.ts';

const ALL = 'tous';
const DEFAULT_STATE = 'validated';

export function PaymentsPage() {
  // The validated payments unless the address names another state ("tous": every state).
  const [chosen, setChosen] = useSearchParam('etat', { implicit: DEFAULT_STATE });
  const state = chosen === ALL ? '' : chosen;
  const list = useApi<PaymentListItem[]>(`/api/payments${query({ state })}`);
  const items = list.data ?? [];
  const total = items.reduce((sum, item) => sum + item.amountCents, 0);
  const stateLabel = (PAYMENT_STATE_LABELS as Record<string, string | undefined>)[state];
  const exportHref = (format: 'csv' | 'xlsx') => `/api/payments/export${query({ state, format })}`;

  return (
    <>
      <PageHeader
        title="Versements"
        subtitle="Versements des conventions, par état ; le fichier de paiement reprend ceux de l’état choisi pour le logiciel financier"
      />
      <FilterBar label="Filtrer les versements">
        <FilterSelect
          id="versements-etat"
          label="État"
          value={chosen}
          onChange={setChosen}
          options={[
            ...PAYMENT_STATES.map((item) => ({ value: item, label: PAYMENT_STATE_LABELS[item] })),
            { value: ALL, label: 'Tous' },
          ]}
        />
        {state ? (
          <div className="inline-actions payments-export">
            <span className="muted" id="versements-fichier-aide">
              Versements « {stateLabel ?? state} » pour le logiciel financier :
            </span>
            <a
              className="button button--secondary"
              href={exportHref('csv')}
              download
              aria-describedby="versements-fichier-aide"
            >
              Fichier de paiement CSV
            </a>
            <a
              className="button button--secondary"
              href={exportHref('xlsx')}
              download
              aria-describedby="versements-fichier-aide"
            >
              Fichier de paiement XLSX
            </a>
          </div>
        ) : (
          <p className="muted payments-export">Choisissez un état pour obtenir son fichier de paiement.</p>
        )}
      </FilterBar>
      {list.error ? <ErrorNotice error={list.error} onRetry={list.reload} /> : null}
      <p className="results-count" role="status">
        {list.data ? plural(items.length, 'versement trouvé', 'versements trouvés') : ''}
      </p>
      {list.loading && !list.data ? <Loading what="des versements" /> : null}
      {items.length > 0 ? (
        <div className="table-wrapper">
          <table className="table table--compact payments-table">
            <caption>Versements{stateLabel ? ` « ${stateLabel} »` : ''}</caption>
            <thead>
              <tr>
                <th scope="col">N°</th>
                <th scope="col">Structure</th>
                <th scope="col">Convention</th>
                <th scope="col">Objet</th>
                <th scope="col">IBAN / BIC</th>
                <th scope="col">Imputation</th>
                <th scope="col" className="numeric">
                  Montant
                </th>
                <th scope="col">État</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.id}>
                  <th scope="row" className="nowrap">
                    n°{item.id}
                  </th>
                  <td>
                    <Link to={`/structures/${item.structureId}`}>{item.structureName}</Link>
                    {item.siret ? <span className="cell-detail">SIRET {formatSiret(item.siret)}</span> : null}
                  </td>
                  <td className="nowrap">
                    <Link to={`${conventionPath(item.conventionId)}#versement-${item.id}`}>
                      {item.conventionNumber}
                    </Link>
                  </td>
                  <td>{item.object}</td>
                  <td>
                    {item.iban ? (
                      <span className="payments-iban">{formatIban(item.iban)}</span>
                    ) : (
                      <span className="missing">IBAN non renseigné</span>
                    )}
                    <span className="cell-detail">{item.bic ?? 'BIC non renseigné'}</span>
                  </td>
                  <td>
                    <span className="line-code">{item.budgetLineCode}</span>
                    <span className="cell-detail">{item.imputation}</span>
                  </td>
                  <td className="numeric nowrap">
                    <Amount cents={item.amountCents} />
                  </td>
                  <td>
                    <Badge tone={PAYMENT_STATE_TONES[item.state]}>{item.stateLabel}</Badge>
                    {item.blockers.length > 0 ? (
                      <span className="cell-detail payments-blocked">
                        Bloqué : {item.blockers.map((blocker) => blocker.message).join(' ')}
                      </span>
                    ) : null}
                    <span className="cell-detail">demandé le {formatDate(item.requestedOn)}</span>
                  </td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" colSpan={6}>
                  Total ({plural(items.length, 'versement')})
                </th>
                <td className="numeric nowrap">
                  <Amount cents={total} />
                </td>
                <td />
              </tr>
            </tfoot>
          </table>
        </div>
      ) : null}
      {list.data && items.length === 0 ? (
        <p className="empty">Aucun versement{stateLabel ? ` « ${stateLabel} »` : ''}.</p>
      ) : null}
    </>
  );
}
