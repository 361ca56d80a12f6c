/**
 * The documents of a session: what must be completed first (by structure, operation…), each item
 * linking to where it is completed (the structure's record, the operation's convention terms, the
 * conventions' contact) and, back from there, what was saved and what remains; each document with its preview (PDF in a new tab, DOCX downloaded), the generation of the whole package
 * (documents:generate) followed every second with a progress bar, and the stored documents with
 * their size, author, template version and hash.
 */
import { useEffect, useState } from 'react';
import { Link, useLocation } from 'react-router';
import { ApiError, api } from '../../shared/api.ts';
import { formatDate, formatDateTime, plural } from '../../shared/format.ts';
import { Badge, ErrorNotice, Loading, Notice, Section } from '../../shared/ui.tsx';
import { useApi } from '../../shared/useApi.ts';
import { conventionTermsPath } from '../calls/convention-terms.ts';
import { type ReturnState, type SavedTarget, savedFrom } from '../calls/return-to.ts';
import { useSession } from '../identity/session.tsx';
import {
  documentKindLabel,
  formatLabel,
  formatSize,
  groupMissing,
  missingGroupOf,
  shortHash,
} from './committee-format.ts';
import { CONVENTION_CONTACT_PATH } from './convention-contact.ts';
import type { MissingItem, PackageDocument, PackageJob, SessionPackage, StoredDocument } from './types.ts';

const LONG_GROUP = 12;

/** What to open to complete an item: the structure's record, the operation's terms… */
function MissingTarget(props: { item: MissingItem; date: string; callCode: string | undefined }) {
  const { item, date } = props;
  const { can } = useSession();
  const back: ReturnState = { from: `/seances/${date}`, fromLabel: `la séance du ${formatDate(date)}` };
  switch (item.kind) {
    case 'structure': {
      if (item.id === null) break;
      const edit = can('structures:write');
      return (
        <Link
          to={edit ? `/structures/${item.id}/modifier` : `/structures/${item.id}`}
          aria-label={`${edit ? 'Modifier la fiche' : 'Voir la fiche'} : ${item.subject}`}
        >
          {item.subject}
        </Link>
      );
    }
    case 'operation':
      if (item.id === null || !props.callCode || !can('calls:write')) break;
      return (
        <Link
          to={conventionTermsPath(props.callCode, item.id)}
          state={back}
          aria-label={`Compléter les conditions de convention : ${item.subject}`}
        >
          {item.subject}
        </Link>
      );
    case 'collectivite':
      if (!can('calls:write')) break;
      return (
        <Link
          to={CONVENTION_CONTACT_PATH}
          state={back}
          aria-label={`Compléter le contact des conventions : ${item.subject}`}
        >
          {item.subject}
        </Link>
      );
    case 'session':
      return <a href="#presences-titre">{item.subject}</a>;
    case 'report':
      if (item.id === null) break;
      return <a href={`#rapport-${item.id}-titre`}>{item.subject}</a>;
  }
  return <>{item.subject}</>;
}

function MissingList(props: {
  items: readonly MissingItem[];
  date: string;
  callCode: string | undefined;
  /** The group of what was just saved stays open, however long. */
  openGroup: string | null;
  id: string;
}) {
  const groups = groupMissing(props.items);
  return (
    <Notice
      kind="error"
      title={`Génération impossible : ${plural(props.items.length, 'élément')} à compléter`}
    >
      <p id={props.id}>
        Aucun document n’est généré tant que ces informations manquent (elles figurent dans les conventions).
        Complétez-les, puis revenez sur cette page.
      </p>
      {groups.map((group) => (
        <details
          className="details committee-missing"
          key={group.key}
          open={group.items.length <= LONG_GROUP || group.key === props.openGroup}
        >
          <summary>
            {group.title} : {plural(group.items.length, 'élément')}
          </summary>
          <ul>
            {group.items.map((item) => (
              <li key={`${item.kind}-${item.id ?? item.subject}`}>
                <strong>
                  <MissingTarget item={item} date={props.date} callCode={props.callCode} />
                </strong>{' '}
                : {item.fields.join(', ')}
              </li>
            ))}
          </ul>
        </details>
      ))}
    </Notice>
  );
}

function matches(item: MissingItem, target: SavedTarget): boolean {
  return item.kind === target.kind && (target.kind === 'collectivite' || item.id === target.id);
}

/** What a form saved before coming back here, and whether it is still in the list. */
function SavedNotice(props: { message: string; target: SavedTarget | null; items: readonly MissingItem[] }) {
  const { target } = props;
  const still = target ? props.items.find((item) => matches(item, target)) : undefined;
  return (
    <Notice kind="success" live="status" focus>
      <p>{props.message}</p>
      {still ? (
        <p>
          Reste à compléter pour {still.subject} : {still.fields.join(', ')}.
        </p>
      ) : target ? (
        <p>
          {props.items.length === 0
            ? 'Plus rien ne manque : les documents peuvent être générés.'
            : `Cet élément ne figure plus dans la liste ; ${plural(props.items.length, 'élément')} reste${props.items.length > 1 ? 'nt' : ''} à compléter.`}
        </p>
      ) : null}
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

function reasonNotReady(document: PackageDocument, missing: readonly MissingItem[]): string {
  const structureId = /^convention-(\d+)$/.exec(document.key)?.[1];
  if (structureId) {
    const own = missing.find((item) => item.kind === 'structure' && String(item.id) === structureId);
    if (own) return `fiche de la structure incomplète (${own.fields.join(', ')})`;
    return 'données de la collectivité ou des opérations à compléter';
  }
  return 'présences ou vote à compléter';
}

function DocumentRow(props: { document: PackageDocument; date: string; missing: readonly MissingItem[] }) {
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
  missing: readonly MissingItem[];
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

export function PackageSection(props: {
  date: string;
  refreshKey: string;
  /** The code of the call the package's report proposes (the operations' forms are by call). */
  callCode: string | undefined;
}) {
  const { date } = props;
  const { can } = useSession();
  const returned = savedFrom(useLocation().state);
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
  const missingItems = data?.missingItems ?? [];
  const blocked = missingItems.length > 0;

  return (
    <Section title="Documents de la séance" id="documents">
      {error && !data ? <ErrorNotice error={error} onRetry={reload} /> : null}
      {loading && !data ? <Loading what="des documents" /> : null}
      {data ? (
        <>
          {returned ? (
            <SavedNotice message={returned.message} target={returned.target} items={missingItems} />
          ) : null}
          {blocked ? (
            <MissingList
              items={missingItems}
              date={date}
              callCode={props.callCode}
              openGroup={returned?.target ? missingGroupOf(returned.target.kind) : null}
              id="documents-manquants"
            />
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
            missing={missingItems}
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
                missing={missingItems}
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
