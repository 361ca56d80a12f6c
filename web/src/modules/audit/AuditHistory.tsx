/**
 * "Historique des modifications": who changed a record, when and what (GET /api/audit), in a
 * section that opens on demand; read when first opened, and again when the record changes. Hidden
 * from a role without audit:read.
 */
import { useId, useState } from 'react';
import { Link } from 'react-router';
import { query } from '../../shared/api.ts';
import { formatDateTime, plural } from '../../shared/format.ts';
import type { FieldChange } from '../../shared/record-fields.ts';
import { ErrorNotice } from '../../shared/ui.tsx';
import { useApi } from '../../shared/useApi.ts';
import { useSession } from '../identity/session.tsx';
import {
  type AuditEntity,
  type AuditEntry,
  actionLabel,
  entityChanges,
  mergedIntoId,
} from './audit-format.ts';

function Value(props: { text: string }) {
  return props.text === '' ? <span className="muted">vide</span> : props.text;
}

function Changes(props: { changes: readonly FieldChange[] }) {
  return (
    <ul className="changes">
      {props.changes.map((change) => (
        <li key={change.label}>
          <span className="changes__field">{change.label}</span> : <Value text={change.before} />{' '}
          <span aria-hidden="true">→</span>
          <span className="visually-hidden">devient</span> <Value text={change.after} />
        </li>
      ))}
    </ul>
  );
}

function Detail(props: { entity: AuditEntity; entry: AuditEntry }) {
  const { entry } = props;
  const into = mergedIntoId(entry.action);
  if (into !== null) {
    return (
      <>
        Fiche réunie à la <Link to={`/structures/${into}`}>structure n°{into}</Link>, qui est conservée ; ses
        noms y deviennent d’autres noms.
      </>
    );
  }
  if (entry.action === 'create') return <span className="muted">Fiche créée</span>;
  const changes = entityChanges(props.entity, entry.before, entry.after).filter(
    // A change of state is said by the action itself.
    (change) => !(entry.action.startsWith('transition:') && change.label === 'État'),
  );
  return (
    <>
      {entry.action === 'merge' ? (
        <p className="changes__intro">Une autre fiche de la structure y a été réunie.</p>
      ) : null}
      {changes.length > 0 ? (
        <Changes changes={changes} />
      ) : (
        <span className="muted">Aucun champ modifié</span>
      )}
    </>
  );
}

export function AuditHistory(props: {
  entity: AuditEntity;
  id: number;
  /** The record's version: the history is read again when it changes. */
  version: number;
  /** "de la demande DPID-2023-P2-T1-O4-01", "de la structure CCAS de Bruay". */
  of: string;
}) {
  const { can } = useSession();
  const [open, setOpen] = useState(false);
  const base = useId();
  const allowed = can('audit:read');
  const { data, error, loading, reload } = useApi<AuditEntry[]>(
    allowed && open ? `/api/audit${query({ entity: props.entity, id: props.id })}` : null,
    props.version,
  );
  if (!allowed) return null;
  const headingId = `${base}-titre`;
  const contentId = `${base}-contenu`;
  const entries = data ? [...data].reverse() : [];
  return (
    <section className="section" aria-labelledby={headingId}>
      <div className="section__header">
        <h2 id={headingId}>
          <button
            type="button"
            className="disclosure"
            aria-expanded={open}
            aria-controls={contentId}
            onClick={() => setOpen((value) => !value)}
          >
            Historique des modifications
          </button>
        </h2>
      </div>
      <div id={contentId} hidden={!open}>
        {error ? <ErrorNotice error={error} onRetry={reload} /> : null}
        <p className="results-count" role="status">
          {!open
            ? ''
            : loading && !data
              ? 'Chargement de l’historique…'
              : data
                ? `${plural(data.length, 'modification enregistrée', 'modifications enregistrées')}, de la plus récente à la plus ancienne.`
                : ''}
        </p>
        {data && data.length > 0 ? (
          <div className="table-wrapper">
            <table className="table table--compact">
              <caption className="visually-hidden">
                Historique des modifications {props.of}, de la plus récente à la plus ancienne
              </caption>
              <thead>
                <tr>
                  <th scope="col">Date</th>
                  <th scope="col">Par</th>
                  <th scope="col">Action</th>
                  <th scope="col">Champs modifiés</th>
                </tr>
              </thead>
              <tbody>
                {entries.map((entry) => (
                  <tr key={entry.id}>
                    <th scope="row" className="nowrap">
                      {formatDateTime(entry.occurredAt)}
                    </th>
                    <td>{entry.actorLogin}</td>
                    <td>{actionLabel(entry.action)}</td>
                    <td>
                      <Detail entity={props.entity} entry={entry} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </div>
    </section>
  );
}
