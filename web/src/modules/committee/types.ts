/**
 * What the committee module's routes send (src/modules/committee) and the session's package of
 * documents (src/modules/documents/package): the server's own response shapes, imported type-only
 * (nothing of the server is bundled), so that the screens and the API cannot drift apart.
 */
export type {
  MemberWithSeats,
  ReportView,
  SessionSummary,
  SessionView,
} from '../../../../src/modules/committee/committee.service.ts';
export type { ProposedConflict } from '../../../../src/modules/committee/domain/conflicts.ts';
export type {
  Attendance,
  Ballot,
  Member,
  TallyResult,
  VoteChoice,
} from '../../../../src/modules/committee/domain/tally.ts';
export type {
  PackageDocument,
  PackageJob,
  StoredDocument,
} from '../../../../src/modules/documents/package/generate-package.ts';
export type { MissingItem } from '../../../../src/modules/documents/package/package-data.ts';

import type {
  PackageDocument,
  PackageJob,
  StoredDocument,
} from '../../../../src/modules/documents/package/generate-package.ts';
import type { MissingItem } from '../../../../src/modules/documents/package/package-data.ts';

/** GET /api/sessions/:date/package */
export interface SessionPackage {
  documents: PackageDocument[];
  /** What must be completed before anything is generated, in French ("structure « 3ID » : SIRET, …"). */
  missing: string[];
  /** The same, by what to open to complete it (a structure, an operation, the collectivité…). */
  missingItems: MissingItem[];
  job: PackageJob | null;
  stored: StoredDocument[];
}
