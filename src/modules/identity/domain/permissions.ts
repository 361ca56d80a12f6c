/**
 * Roles and what each may do. A route declares one permission; the server refuses a request whose
 * user's role lacks it. An instructeur is further limited to their territories (see kernel/actor).
 */
import type { Permission } from '../../../kernel/permissions.ts';

export type { Permission };

export type Role = 'administrateur' | 'instructeur' | 'budget' | 'direction' | 'lecture';

export const ROLES: readonly Role[] = ['administrateur', 'instructeur', 'budget', 'direction', 'lecture'];

export const ROLE_LABELS: Record<Role, string> = {
  administrateur: 'Administrateur',
  instructeur: 'Instructeur·rice',
  budget: 'Mission budget',
  direction: 'Direction',
  lecture: 'Lecture seule',
};

const READ: readonly Permission[] = [
  'signed_in',
  'calls:read',
  'structures:read',
  'applications:read',
  'budget:read',
  'audit:read',
  'committee:read',
];

/** Conventions, payments and the ledger are read by the roles working for the whole département. */
const DEPARTEMENT_READ: readonly Permission[] = [...READ, 'conventions:read'];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  administrateur: [
    ...DEPARTEMENT_READ,
    'structures:write',
    'applications:write',
    'applications:decide',
    'calls:write',
    'committee:write',
    'documents:generate',
    'conventions:write',
    'payments:write',
    'users:admin',
  ],
  instructeur: [...READ, 'structures:write', 'applications:write', 'applications:decide'],
  budget: [...DEPARTEMENT_READ, 'applications:decide', 'conventions:write', 'payments:write'],
  direction: [
    ...DEPARTEMENT_READ,
    'applications:decide',
    'calls:write',
    'committee:write',
    'documents:generate',
    'conventions:write',
  ],
  lecture: DEPARTEMENT_READ,
};

export function roleAllows(role: Role, permission: Permission): boolean {
  return permission === 'public' || ROLE_PERMISSIONS[role].includes(permission);
}

/** Only instructeurs are limited to territories; the other roles work for the whole département. */
export function isTerritoryLimited(role: Role): boolean {
  return role === 'instructeur';
}
