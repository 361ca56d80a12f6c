/**
 * A structure: its identity, identifiers, address, representative, bank details, applications and
 * history of changes; for the departmental roles, merging it into another record of the same structure.
 */
import type { ReactNode } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { query } from '../../shared/api.ts';
import { formatDateTime, plural } from '../../shared/format.ts';
import { Amount, Badge, ErrorNotice, Loading, Notice, PageHeader, Section } from '../../shared/ui.tsx';
import { useApi } from '../../shared/useApi.ts';
import type { SavedLocationState } from '../applications/ApplicationPage.tsx';
import { StateBadge } from '../applications/StateBadge.tsx';
import type { ApplicationList } from '../applications/types.ts';
import { AuditHistory } from '../audit/AuditHistory.tsx';
import { useSession } from '../identity/session.tsx';
import { formatIban, formatSiret } from './identifiers.ts';
import { useMayMergeStructures } from './merge-permission.ts';
import type { Structure } from './types.ts';

function Item(props: { term: string; children: ReactNode }) {
  return (
    <div className="description-list__item">
      <dt>{props.term}</dt>
      <dd>{props.children}</dd>
    </div>
  );
}

function Missing(props: { what?: string }) {
  return (
    <span className="missing">
      non renseigné{props.what ? <span className="visually-hidden"> ({props.what})</span> : null}
    </span>
  );
}

function Applications(props: { structureId: number }) {
  const { data, error, loading, reload } = useApi<ApplicationList>(
    `/api/applications${query({ structureId: props.structureId, limit: 500 })}`,
  );
  if (error) return <ErrorNotice error={error} onRetry={reload} />;
  if (loading || !data) return <Loading what="des demandes" />;
  if (data.items.length === 0) return <p className="empty">Aucune demande pour cette structure.</p>;
  return (
    <div className="table-wrapper">
      <table className="table">
        <caption>{plural(data.total, 'demande')} de la structure</caption>
        <thead>
          <tr>
            <th scope="col">Référence</th>
            <th scope="col">Opération</th>
            <th scope="col">Objet</th>
            <th scope="col">Territoire</th>
            <th scope="col" className="numeric">
              Montant retenu
            </th>
            <th scope="col">État</th>
          </tr>
        </thead>
        <tbody>
          {data.items.map((item) => (
            <tr key={item.id}>
              <th scope="row" className="nowrap">
                <Link to={`/demandes/${item.id}`}>{item.reference}</Link>
              </th>
              <td>
                {item.themeNumber}.{item.operationNumber} {item.operationTitle}
                <span className="cell-detail">{item.callCode}</span>
              </td>
              <td>
                {item.kind === 'amendment' ? <Badge tone="warning">Avenant</Badge> : null} {item.label}
              </td>
              <td>{item.territories.map((territory) => territory.name).join(', ')}</td>
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
  );
}

export function StructurePage() {
  const id = useParams().id ?? '';
  const location = useLocation();
  const { can } = useSession();
  const mayMerge = useMayMergeStructures();
  const valid = /^\d+$/.test(id);
  const { data, error, loading, reload } = useApi<Structure>(valid ? `/api/structures/${id}` : null);
  const saved = (location.state as SavedLocationState | null)?.saved;
  const structure = data;
  return (
    <>
      <PageHeader
        title={structure ? structure.displayName : 'Structure'}
        crumbs={[{ label: 'Structures', to: '/structures' }]}
        subtitle={
          structure && structure.displayName !== structure.legalName
            ? structure.legalName
            : structure?.categoryLabel
        }
        actions={
          structure ? (
            <>
              {can('applications:write') ? (
                <Link
                  className="button button--secondary"
                  to={`/demandes/nouvelle${query({ structure: structure.id })}`}
                >
                  Nouvelle demande
                </Link>
              ) : null}
              {mayMerge ? (
                <Link className="button button--secondary" to={`/structures/${structure.id}/fusionner`}>
                  Fusionner avec une autre structure
                </Link>
              ) : null}
              {can('structures:write') ? (
                <Link className="button" to={`/structures/${structure.id}/modifier`}>
                  Modifier
                </Link>
              ) : null}
            </>
          ) : undefined
        }
      />
      {!valid ? (
        <Notice kind="error" title="Adresse invalide">
          <p>Identifiant de structure invalide.</p>
        </Notice>
      ) : null}
      {saved ? (
        <Notice kind="success" live="status">
          <p>{saved}</p>
        </Notice>
      ) : null}
      {error ? <ErrorNotice error={error} onRetry={reload} /> : null}
      {loading && !structure ? <Loading what="de la structure" /> : null}
      {structure ? (
        <>
          <div className="grid grid--2">
            <Section title="Identité" id="identite">
              <dl className="description-list description-list--single">
                <Item term="Raison sociale">{structure.legalName}</Item>
                <Item term="Nom d’usage ou sigle">{structure.shortName ?? <Missing />}</Item>
                <Item term="Autres noms">
                  {structure.aliases.length > 0 ? (
                    structure.aliases.join(' · ')
                  ) : (
                    <span className="muted">aucun</span>
                  )}
                </Item>
                <Item term="Catégorie">{structure.categoryLabel}</Item>
                <Item term="Types de SIAE">
                  {structure.siaeTypes.length > 0 ? (
                    structure.siaeTypes.join(', ')
                  ) : (
                    <span className="muted">aucun</span>
                  )}
                </Item>
                <Item term="Forme juridique">{structure.legalForm ?? <Missing />}</Item>
                <Item term="SIRET">
                  {structure.siret ? formatSiret(structure.siret) : <Missing what="SIRET" />}
                </Item>
                <Item term="RNA">{structure.rna ?? <Missing what="RNA" />}</Item>
              </dl>
            </Section>
            <Section title="Coordonnées" id="coordonnees">
              <dl className="description-list description-list--single">
                <Item term="Adresse du siège">
                  {structure.addressStreet || structure.addressCity ? (
                    <>
                      {structure.addressStreet}
                      {structure.addressStreet ? <br /> : null}
                      {structure.addressPostalCode} {structure.addressCity}
                    </>
                  ) : (
                    <Missing what="adresse" />
                  )}
                </Item>
                <Item term="Représentant légal">
                  {structure.representativeName ? (
                    <>
                      {structure.representativeName}
                      {structure.representativeTitle ? `, ${structure.representativeTitle}` : ''}
                    </>
                  ) : (
                    <Missing what="représentant légal" />
                  )}
                </Item>
                <Item term="Adresse électronique">{structure.email ?? <Missing />}</Item>
                <Item term="Téléphone">{structure.phone ?? <Missing />}</Item>
                <Item term="IBAN">
                  {structure.iban ? formatIban(structure.iban) : <Missing what="IBAN" />}
                </Item>
                <Item term="BIC">{structure.bic ?? <Missing what="BIC" />}</Item>
                <Item term="Dernière modification">
                  {formatDateTime(structure.updatedAt)} (version {structure.version})
                </Item>
              </dl>
            </Section>
          </div>
          <Section title="Demandes" id="demandes">
            <Applications structureId={structure.id} />
          </Section>
          <AuditHistory
            entity="structure"
            id={structure.id}
            version={structure.version}
            of={`de la structure ${structure.displayName}`}
          />
        </>
      ) : null}
    </>
  );
}
