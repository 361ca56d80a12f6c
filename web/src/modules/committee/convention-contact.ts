/**
 * The conventions' contact of the collectivité: the e-mail address of the person who manages the
 * conventions and the service the structures write to, printed in every convention
 * (PUT /api/collectivite/convention-contact, settings convention_contact_email and
 * convention_service).
 *
 * The server's schema is written inline in src/modules/collectivite/collectivite.routes.ts, which
 * the browser cannot import: the same rules are written here, with the server's messages, until it
 * is exported from a pure schemas module.
 */
import { z } from 'zod';
import { errorsFromIssues, type FieldErrors } from '../../shared/form.tsx';
import type { Collectivite } from '../collectivite/types.ts';

export const CONVENTION_CONTACT_PATH = '/collectivite/conventions';

export interface ConventionContactValues {
  email: string;
  service: string;
}

export const CONVENTION_CONTACT_ORDER: (keyof ConventionContactValues)[] = ['email', 'service'];

export const CONVENTION_CONTACT_LABELS: Record<keyof ConventionContactValues, string> = {
  email: 'E-mail du gestionnaire des conventions',
  service: 'Service destinataire des courriers',
};

export const CONVENTION_CONTACT_TARGETS: Record<keyof ConventionContactValues, string> = {
  email: 'contact-email',
  service: 'contact-service',
};

const contactSchema = z.object({
  email: z
    .string()
    .trim()
    .min(1, { message: 'adresse e-mail attendue' })
    .pipe(z.email({ error: 'adresse e-mail invalide' }).max(200)),
  service: z.string().trim().min(2, { message: 'nom du service attendu' }).max(200),
});

export function validateConventionContact(values: ConventionContactValues): FieldErrors {
  const result = contactSchema.safeParse(values);
  return result.success ? {} : errorsFromIssues(result.error.issues);
}

export function toConventionContactBody(values: ConventionContactValues): ConventionContactValues {
  return { email: values.email.trim(), service: values.service.trim() };
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

export function contactValuesOf(collectivite: Collectivite | null): ConventionContactValues {
  return {
    email: text(collectivite?.settings.convention_contact_email),
    service: text(collectivite?.settings.convention_service),
  };
}

/** "Sabine DESPIERRE, Directrice des Politiques d'Inclusion Durable", or null when not set. */
export function conventionSignatory(collectivite: Collectivite | null): string | null {
  const signatory = collectivite?.settings.convention_signatory;
  if (typeof signatory !== 'object' || signatory === null) return null;
  const { name, title } = signatory as { name?: unknown; title?: unknown };
  if (typeof name !== 'string' || name === '') return null;
  return typeof title === 'string' && title !== '' ? `${name}, ${title}` : name;
}
