/** Small building blocks shared by every page: headings, notices, loading and error states. */
import { type ReactNode, useEffect, useRef } from 'react';
import { Link } from 'react-router';
import type { ApiError } from './api.ts';
import { formatEuros } from './format.ts';
import { usePageTitle } from './page.ts';

export interface Crumb {
  label: string;
  to?: string;
}

/** The page's heading and <title>; the heading receives the focus when the page changes. */
export function PageHeader(props: {
  title: string;
  /** The document title when it differs from the heading. */
  documentTitle?: string;
  subtitle?: ReactNode;
  crumbs?: Crumb[];
  actions?: ReactNode;
  badge?: ReactNode;
}) {
  usePageTitle(props.documentTitle ?? props.title);
  return (
    <div className="page-header">
      {props.crumbs && props.crumbs.length > 0 ? (
        <nav aria-label="Fil d'Ariane" className="breadcrumb">
          <ol>
            {props.crumbs.map((crumb) => (
              <li key={crumb.label}>{crumb.to ? <Link to={crumb.to}>{crumb.label}</Link> : crumb.label}</li>
            ))}
            <li aria-current="page">{props.title}</li>
          </ol>
        </nav>
      ) : null}
      <div className="page-header__row">
        <div>
          <h1 tabIndex={-1} className="page-title">
            {props.title} {props.badge}
          </h1>
          {props.subtitle ? <p className="page-subtitle">{props.subtitle}</p> : null}
        </div>
        {props.actions ? <div className="page-actions">{props.actions}</div> : null}
      </div>
    </div>
  );
}

export function Loading(props: { what?: string }) {
  return (
    <p className="loading" role="status">
      Chargement{props.what ? ` ${props.what}` : ''}…
    </p>
  );
}

const ERROR_TITLES: Record<number, string> = {
  0: 'Serveur injoignable',
  403: 'Accès refusé',
  404: 'Introuvable',
  409: "Modifiée par quelqu'un d'autre",
  422: 'Opération refusée',
  429: 'Trop de tentatives',
};

export function ErrorNotice(props: { error: ApiError; onRetry?: () => void; title?: string }) {
  const title = props.title ?? ERROR_TITLES[props.error.status] ?? 'Erreur';
  return (
    <div className="notice notice--error" role="alert">
      <p className="notice__title">{title}</p>
      <p>{props.error.message}</p>
      {/* Trying again helps when the server could not be reached or refused for now, not for a
          record that does not exist or may not be seen. */}
      {props.onRetry && props.error.status !== 404 && props.error.status !== 403 ? (
        <button type="button" className="button button--secondary button--small" onClick={props.onRetry}>
          Réessayer
        </button>
      ) : null}
      {props.error.status === 404 ? (
        <p>
          <a href="/">Retour au tableau de bord</a>
        </p>
      ) : null}
    </div>
  );
}

export function Notice(props: {
  kind: 'info' | 'success' | 'warning' | 'error';
  title?: string;
  children?: ReactNode;
  /** "status" for a polite announcement, "alert" for an urgent one, none for static text. */
  live?: 'status' | 'alert';
  focus?: boolean;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (props.focus) ref.current?.focus();
  }, [props.focus]);
  return (
    <div
      ref={ref}
      className={`notice notice--${props.kind}`}
      role={props.live}
      tabIndex={props.focus ? -1 : undefined}
    >
      {props.title ? <p className="notice__title">{props.title}</p> : null}
      {props.children}
    </div>
  );
}

/** An amount in cents, right-aligned in tables by its class; negative amounts are marked. */
export function Amount(props: { cents: number | null | undefined; strong?: boolean }) {
  const negative = props.cents !== null && props.cents !== undefined && props.cents < 0;
  const text = formatEuros(props.cents);
  return (
    <span className={`amount${negative ? ' amount--negative' : ''}`}>
      {props.strong ? <strong>{text}</strong> : text}
    </span>
  );
}

export function Badge(props: {
  tone: 'neutral' | 'info' | 'success' | 'warning' | 'error';
  children: ReactNode;
}) {
  return <span className={`badge badge--${props.tone}`}>{props.children}</span>;
}

/** A section of a page with its own heading. */
export function Section(props: { title: string; id: string; children: ReactNode; actions?: ReactNode }) {
  return (
    <section className="section" aria-labelledby={`${props.id}-titre`}>
      <div className="section__header">
        <h2 id={`${props.id}-titre`}>{props.title}</h2>
        {props.actions ? <div className="section__actions">{props.actions}</div> : null}
      </div>
      {props.children}
    </section>
  );
}

/** What a form's last save gave: a polite notice, or the refusal that names no field. */
export function SaveOutcome(props: { notice: string | null; failure: { message: string } | null }) {
  return (
    <>
      {props.notice ? (
        <Notice kind="info" live="status">
          <p>{props.notice}</p>
        </Notice>
      ) : null}
      {props.failure ? (
        <Notice kind="error" live="alert" title="Enregistrement refusé">
          <p>{props.failure.message}</p>
        </Notice>
      ) : null}
    </>
  );
}
