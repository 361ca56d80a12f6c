/**
 * The documents of a session: what must be completed first (by structure, operation…), each
 * document with its preview (PDF in a new tab, DOCX downloaded), the generation of the whole package
 * (documents:generate) followed every second with a progress bar, and the stored documents with
 * their size, author, template version and hash.
 */
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { ApiError, api } from '../../shared/api.ts';
import { formatDateTime, plural } from '../../shared/format.ts';
import { Badge, ErrorNotice, Loading, Notice, Section } from '../../shared/ui.tsx';
import { useApi } from '../../shared/useApi.ts';
import { useSession } from '../identity/session.tsx';
import {
  documentKindLabel,
  formatLabel,
  formatSize,
  groupMissing,
  type MissingGroup,
  shortHash,
} from './committee-format.ts';
import type { PackageDocument, PackageJob, SessionPackage, StoredDocument } from './types.ts';

/** Structure names → ids, from the conventions of the package ("convention-59", "Convention – 3ID"). */
function structureIds(documents: readonly PackageDocument[]): Map<string, string> {
  const ids = new Map<string, string>();
  for (const document of documents) {
    const id = /^convention-(\d+)$/.exec(document.key)?.[1];
    const name = /^Convention – (.*)$/.exec(document.label)?.[1];
    if (id && name) ids.set(name, id);
  }
  return ids;
}

const LONG_GROUP = 12;

function MissingList(props: {
  missing: readonly string[];
  documents: readonly PackageDocument[];
  id: string;
}) {
  const groups = groupMissing(props.missing);
  const ids = structureIds(props.documents);
  const item = (group: MissingGroup, entry: MissingGroup['items'][number]) => {
    const structureId = group.key === 'structures' && entry.name ? ids.get(entry.name) : undefined;
    return (
      <li key={entry.subject}>
        <strong>
          {structureId ? <Link to={`/structures/${structureId}`}>{entry.subject}</Link> : entry.subject}
        </strong>{' '}
        : {entry.fields}
      </li>
    );
  };
  return (
    <Notice
      kind="error"
      title={`Génération impossible : ${plural(props.missing.length, 'élément')} à compléter`}
    >
      <p id={props.id}>
        Aucun document n’est généré tant que ces informations manquent (elles figurent dans les conventions).
        Complétez-les, puis revenez sur cette page.
      </p>
      {groups.map((group) => (
        <details
          className="details committee-missing"
          key={group.key}
          open={group.items.length <= LONG_GROUP}
        >
          <summary>
            {group.title} : {plural(group.items.length, 'élément')}
          </summary>
          <ul>{group.items.map((entry) => item(group, entry))}</ul>
        </details>
      ))}
    </Notice>
  );
}

function Progress(props: { job: PackageJob; id: string }) {
  const { job } = props;
  const total = Math.max(job.total, 1);
  return (
    <div className="committee-progress">
      <label htmlFor={props.id} className="committee-progress__label">
        Génération en cours : {job.done} / {job.total || '…'} documents
        {job.current ? ` — ${job.current}` : ''}
      </label>
      <progress id={props.id} max={total} value={job.total > 0 ? job.done : undefined}>
        {job.done} / {job.total}
      </progress>
    </div>
  );
}

function reasonNotReady(document: PackageDocument, missing: readonly string[]): string {
  if (document.key.startsWith('convention-')) {
    const name = /^Convention – (.*)$/.exec(document.label)?.[1];
    const own = name ? missing.find((line) => line.startsWith(`structure « ${name} »`)) : undefined;
    if (own) return `fiche de la structure incomplète (${own.replace(/^.*?\s:\s/, '')})`;
    return 'données de la collectivité ou des opérations à compléter';
  }
  return 'présences ou vote à compléter';
}

function DocumentRow(props: { document: PackageDocument; date: string; missing: readonly string[] }) {
  const { document, date } = props;
  const href = (format: 'pdf' | 'docx') =>
    `/api/sessions/${date}/preview?document=${encodeURIComponent(document.key)}&format=${format}`;
  return (
    <tr>
      <th scope="row">{document.label}</th>
      {document.ready ? (
        <>
          <td>
            <a href={href('pdf')} target="_blank" rel="noopener">
              Aperçu PDF<span className="visually-hidden"> : {document.label} (nouvel onglet)</span>
            </a>
          </td>
          <td>
            <a href={href('docx')} download>
              DOCX<span className="visually-hidden"> : {document.label}</span>
            </a>
          </td>
        </>
      ) : (
        <td colSpan={2}>
          <span className="committee-unavailable">Aperçu indisponible</span>{' '}
          <span className="muted">: {reasonNotReady(document, props.missing)}</span>
        </td>
      )}
    </tr>
  );
}

function DocumentsTable(props: {
  caption: string;
  documents: readonly PackageDocument[];
  date: string;
  missing: readonly string[];
}) {
  return (
    <div className="table-wrapper">
      <table className="table table--compact committee-documents">
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">Document</th>
            <th scope="col">Aperçu</th>
            <th scope="col">Word</th>
          </tr>
        </thead>
        <tbody>
          {props.documents.map((document) => (
            <DocumentRow key={document.key} document={document} date={props.date} missing={props.missing} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function StoredTable(props: { stored: readonly StoredDocument[]; date: string }) {
  return (
    <div className="table-wrapper">
      <table className="table table--compact">
        <caption>Documents enregistrés de la séance ({plural(props.stored.length, 'fichier')})</caption>
        <thead>
          <tr>
            <th scope="col">Fichier</th>
            <th scope="col">Nature</th>
            <th scope="col" className="numeric">
              Taille
            </th>
            <th scope="col">Généré le</th>
            <th scope="col">Par</th>
            <th scope="col">Modèle (version)</th>
            <th scope="col">Empreinte SHA-256</th>
          </tr>
        </thead>
        <tbody>
          {props.stored.map((document) => (
            <tr key={document.id}>
              <th scope="row">
                <a href={`/api/sessions/${props.date}/documents/${document.id}`} download>
                  {document.fileName.split('/').at(-1)}
                </a>{' '}
                <span className="muted">({formatLabel(document.mediaType, document.fileName)})</span>
              </th>
              <td>{documentKindLabel(document.kind)}</td>
              <td className="numeric nowrap">{formatSize(document.sizeBytes)}</td>
              <td className="nowrap">{formatDateTime(document.generatedAt)}</td>
              <td>{document.generatedBy}</td>
              <td>
                {document.templateName ? (
                  <>
                    {document.templateName}{' '}
                    <code title={document.templateSha256 ?? undefined}>
                      {shortHash(document.templateSha256)}
                    </code>
                  </>
                ) : (
                  <span className="muted">sans modèle</span>
                )}
              </td>
              <td>
                <code title={document.sha256}>{shortHash(document.sha256)}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function PackageSection(props: { date: string; refreshKey: string }) {
  const { date } = props;
  const { can } = useSession();
  const { data, error, loading, reload, setData } = useApi<SessionPackage>(
    `/api/sessions/${date}/package`,
    props.refreshKey,
  );
  const [starting, setStarting] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const running = data?.job?.status === 'running';

  // While a generation runs, its progress is read again every second.
  useEffect(() => {
    if (!running || loading) return;
    const timer = window.setTimeout(reload, 1000);
    return () => window.clearTimeout(timer);
  }, [running, loading, reload]);

  const start = async () => {
    if (!data) return;
    setStarting(true);
    setFailure(null);
    try {
      const job = await api.post<PackageJob>(`/api/sessions/${date}/package`, {});
      setData({ ...data, job });
    } catch (caught) {
      if (!(caught instanceof ApiError)) throw caught;
      setFailure(caught);
      reload();
    } finally {
      setStarting(false);
    }
  };

  const documents = data?.documents ?? [];
  const conventions = documents.filter((document) => document.key.startsWith('convention-'));
  const others = documents.filter((document) => !document.key.startsWith('convention-'));
  const job = data?.job ?? null;
  const blocked = (data?.missing.length ?? 0) > 0;

  return (
    <Section title="Documents de la séance" id="documents">
      {error && !data ? <ErrorNotice error={error} onRetry={reload} /> : null}
      {loading && !data ? <Loading what="des documents" /> : null}
      {data ? (
        <>
          {blocked ? (
            <MissingList missing={data.missing} documents={documents} id="documents-manquants" />
          ) : null}
          {can('documents:generate') ? (
            <div className="committee-generate">
              <div className="inline-actions">
                <button
                  type="button"
                  className="button"
                  disabled={blocked || running || starting}
                  aria-describedby={blocked ? 'documents-generer-aide' : undefined}
                  onClick={() => void start()}
                >
                  {starting ? 'Lancement…' : 'Générer tous les documents'}
                </button>
                <span className="muted" id="documents-generer-aide">
                  {blocked
                    ? 'Impossible tant que des éléments manquent (voir la liste ci-dessus).'
                    : running
                      ? 'Une génération est en cours.'
                      : `${plural(documents.length, 'document')} en PDF et DOCX, l’annexe 3 en XLSX et les conventions dans une archive ZIP ; les documents enregistrés sont remplacés.`}
                </span>
              </div>
            </div>
          ) : null}
          {failure ? (
            <Notice kind="error" live="alert" title="Génération refusée">
              <p className="committee-preline">{failure.message}</p>
            </Notice>
          ) : null}
          <div role="status" className="committee-job">
            {job?.status === 'running' ? <Progress job={job} id="documents-progression" /> : null}
            {job?.status === 'done' ? (
              <Notice kind="success">
                <p>
                  Documents générés le {formatDateTime(job.finishedAt)} par {job.startedBy} ({job.total}{' '}
                  documents).
                </p>
              </Notice>
            ) : null}
            {job?.status === 'failed' ? (
              <Notice kind="error" title="La dernière génération a échoué">
                <p>{job.error ?? 'Erreur inconnue.'}</p>
                <p className="muted">
                  Lancée le {formatDateTime(job.startedAt)} par {job.startedBy} ; les documents enregistrés
                  avant restent inchangés.
                </p>
              </Notice>
            ) : null}
          </div>
          <DocumentsTable
            caption={`Rapport, délibération et annexes (${plural(others.length, 'document')})`}
            documents={others}
            date={date}
            missing={data.missing}
          />
          {conventions.length > 0 ? (
            <details className="details">
              <summary>
                Conventions : {plural(conventions.length, 'structure')}
                {conventions.some((document) => !document.ready) ? (
                  <>
                    {' '}
                    <Badge tone="warning">
                      {conventions.filter((document) => !document.ready).length} à compléter
                    </Badge>
                  </>
                ) : null}
              </summary>
              <DocumentsTable
                caption="Une convention par structure financée"
                documents={conventions}
                date={date}
                missing={data.missing}
              />
            </details>
          ) : null}
          <h3>Documents enregistrés</h3>
          {data.stored.length > 0 ? (
            <StoredTable stored={data.stored} date={date} />
          ) : (
            <p className="empty">Aucun document n’a encore été généré pour cette séance.</p>
          )}
        </>
      ) : null}
    </Section>
  );
}
