/** The collectivité and its territories, as GET /api/collectivite and /api/territories send them. */
export interface Collectivite {
  code: string;
  name: string;
  shortName: string;
  settings: { directorate?: string; pole?: string; [key: string]: unknown };
  /** Sent back with a change of the settings (409 when someone saved meanwhile). */
  settingsVersion: number;
}

export interface Territory {
  id: number;
  code: string;
  name: string;
  aliases: string[];
  isWholeDepartement: boolean;
}
