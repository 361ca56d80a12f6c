/** GET /api/calls/:code/check (src/modules/consistency). */
export interface Finding {
  severity: 'error' | 'warning';
  code: string;
  /** "application:76", "structure:7", "operation:12", "structures"… */
  subject: string;
  message: string;
}

export interface CheckReport {
  callCode: string;
  errors: number;
  warnings: number;
  findings: Finding[];
}
