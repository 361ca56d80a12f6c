/** Identifiers written for people: SIRET in groups (SIREN + NIC), IBAN by four. */
import { formatIban } from '../../../../src/kernel/identifiers.ts';

export { formatIban };

/** "12345678900012" → "123 456 789 00012". */
export function formatSiret(siret: string): string {
  return /^\d{14}$/.test(siret)
    ? `${siret.slice(0, 3)} ${siret.slice(3, 6)} ${siret.slice(6, 9)} ${siret.slice(9)}`
    : siret;
}
