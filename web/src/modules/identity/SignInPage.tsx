/** Sign-in with a login and a password; back to the page the user came from. */
import { type FormEvent, useCallback, useState } from 'react';
import { Link, Navigate, useLocation, useNavigate } from 'react-router';
import { ApiError } from '../../shared/api.ts';
import {
  ErrorSummary,
  errorsFromIssues,
  Field,
  type FieldErrors,
  summaryItems,
  useForm,
} from '../../shared/form.tsx';
import { Notice, PageHeader } from '../../shared/ui.tsx';
import { signInSchema } from './schemas.ts';
import { type SignInLocationState, useSession } from './session.tsx';

interface Values {
  login: string;
  password: string;
}

const FIELDS = [
  { key: 'login', target: 'connexion-identifiant', label: 'Identifiant' },
  { key: 'password', target: 'connexion-mot-de-passe', label: 'Mot de passe' },
];

export function SignInPage() {
  const { state, signIn } = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const from = (location.state as SignInLocationState | null)?.from ?? '/';
  const validate = useCallback((values: Values): FieldErrors => {
    const result = signInSchema.safeParse(values);
    return result.success ? {} : errorsFromIssues(result.error.issues);
  }, []);
  const form = useForm<Values>({ login: '', password: '' }, validate);
  const [failure, setFailure] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [attempts, setAttempts] = useState(0);

  if (state.status === 'signed-in') return <Navigate to={from} replace />;

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(null);
    if (!form.attemptSubmit()) {
      setAttempts((value) => value + 1);
      return;
    }
    setSending(true);
    try {
      await signIn(form.values.login.trim(), form.values.password);
      navigate(from, { replace: true });
    } catch (error) {
      if (error instanceof ApiError && error.status === 401)
        setFailure(error.message || 'Identifiant ou mot de passe incorrect.');
      else if (error instanceof ApiError && error.status === 429)
        setFailure(error.message || 'Trop de tentatives : réessayez dans quelques minutes.');
      else if (error instanceof ApiError && error.status === 404)
        setFailure('Ce serveur ne propose pas encore la connexion.');
      else if (error instanceof ApiError) setFailure(error.message);
      setAttempts((value) => value + 1);
    } finally {
      setSending(false);
    }
  };

  return (
    <div className="narrow">
      <PageHeader title="Connexion" subtitle="Espace des agents du Département" />
      {state.status === 'unavailable' ? (
        <Notice kind="info" title="Connexion non activée">
          <p>
            Ce serveur ne demande pas encore de connexion : vous pouvez utiliser Inclusio directement.{' '}
            <Link to="/">Aller au tableau de bord</Link>
          </p>
        </Notice>
      ) : null}
      {failure ? (
        <Notice kind="error" title="Connexion impossible" live="alert">
          <p>{failure}</p>
        </Notice>
      ) : null}
      <ErrorSummary items={summaryItems(FIELDS, form)} generation={failure ? 0 : attempts} />
      <form className="form card" noValidate onSubmit={onSubmit} aria-label="Connexion">
        <Field id="connexion-identifiant" label="Identifiant" required error={form.errorFor('login')}>
          {(control) => (
            <input
              {...control}
              type="text"
              name="login"
              autoComplete="username"
              autoCapitalize="none"
              spellCheck={false}
              value={form.values.login}
              onChange={(event) => form.set('login', event.target.value)}
              onBlur={() => form.touch('login')}
            />
          )}
        </Field>
        <Field id="connexion-mot-de-passe" label="Mot de passe" required error={form.errorFor('password')}>
          {(control) => (
            <input
              {...control}
              type="password"
              name="password"
              autoComplete="current-password"
              value={form.values.password}
              onChange={(event) => form.set('password', event.target.value)}
              onBlur={() => form.touch('password')}
            />
          )}
        </Field>
        <div className="form-actions">
          <button type="submit" className="button" disabled={sending}>
            {sending ? 'Connexion…' : 'Se connecter'}
          </button>
        </div>
      </form>
    </div>
  );
}
