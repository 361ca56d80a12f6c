/**
 * Roles, their French names and what each may do, from the server's identity module (pure), so that
 * the screens hide what a role cannot do exactly as the server refuses it. The server enforces the
 * permissions; hiding is only a courtesy.
 */
import {
  isTerritoryLimited as isRoleTerritoryLimited,
  type Permission,
  ROLE_LABELS,
  ROLES,
  type Role,
  roleAllows as serverRoleAllows,
} from '../../../../src/modules/identity/domain/permissions.ts';

export type { Permission, Role };
export { ROLE_LABELS, ROLES };

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function roleAllows(role: string, permission: Permission): boolean {
  return isRole(role) && serverRoleAllows(role, permission);
}

export function roleLabel(role: string): string {
  return isRole(role) ? ROLE_LABELS[role] : role;
}

/** Only instructeurs are limited to territories. */
export function isTerritoryLimited(role: string): boolean {
  return isRole(role) && isRoleTerritoryLimited(role);
}
