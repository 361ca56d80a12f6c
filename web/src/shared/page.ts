/** The page's <title>, so that each screen is named in the browser and by screen readers. */
import { useEffect } from 'react';

export const APP_NAME = 'Inclusio';

export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} — ${APP_NAME}`;
  }, [title]);
}
