/**
 * Every main page of the back office, visited by the administrateur (who sees them all) the way a
 * person goes from one to the next: a screenshot of each (artifacts/screenshots/NN-name.png) and no
 * serious or critical axe-core violation (WCAG 2.0 and 2.1, A and AA) on any.
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import {
  accessibilityReports,
  assertAccessible,
  assertNoPageErrors,
  CALL,
  CALL_TITLE,
  onFailureScreenshot,
  PERSONAS,
  screenshot,
  setUpE2E,
  signIn,
  waitForPage,
  waitForText,
} from './support.ts';

const e2e = setUpE2E();
const admin = PERSONAS.administrateur;
const SIVOM_AMENDMENT = `${CALL}-T1-O1-03`;

/** One page for the whole visit, as one person would browse; created by the first test. */
let page: Page;

function menu(name: string) {
  return page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name, exact: true });
}

/** Screenshot and accessibility check of the page as it is now; a failure leaves a screenshot too. */
async function visit(name: string, reach: () => Promise<void>, options: { fullPage?: boolean } = {}) {
  await onFailureScreenshot(page, name, async () => {
    await reach();
    await screenshot(page, name, options);
    await assertAccessible(page, name);
    assertNoPageErrors(page);
  });
}

describe('every page, for the administrateur', () => {
  test('01 Connexion (signed out)', async () => {
    page = await e2e.newPage({ bypassCSP: true });
    await visit('01-connexion', async () => {
      await page.goto(e2e.url('/'));
      await waitForPage(page, 'Connexion');
      assert.equal(new URL(page.url()).pathname, '/connexion');
    });
  });

  test('02 Connexion refusée', async () => {
    await visit('02-connexion-refusee', async () => {
      await page.getByLabel('Identifiant').fill('personne.inconnue');
      await page.getByLabel('Mot de passe').fill('mauvais-mot-de-passe');
      await page.getByRole('button', { name: 'Se connecter' }).click();
      await waitForText(page.getByRole('alert'), 'Identifiant ou mot de passe incorrect.');
    });
  });

  test('03 Tableau de bord', async () => {
    const requests: string[] = [];
    const record = (request: { url(): string }) => requests.push(new URL(request.url()).pathname);
    page.on('request', record);
    await visit('03-tableau-de-bord', async () => {
      await signIn(page, admin.login, admin.password);
      await waitForPage(page, 'Tableau de bord');
      await page.getByRole('table', { name: /^Situation budgétaire/ }).waitFor();
      await page.getByRole('table', { name: /^Demandes de l’appel .* par état$/ }).waitFor();
      await page.getByRole('region', { name: 'Contrôle de cohérence' }).locator('.check-summary').waitFor();
    });
    page.off('request', record);
    // Budget, applications by state and consistency check: one request for the three.
    const api = requests.filter((path) => path.startsWith('/api/calls/') || path === '/api/applications');
    assert.deepEqual(api, [`/api/calls/${CALL}/dashboard`], `requests: ${api.join(', ')}`);
  });

  test('04 Appel', async () => {
    await visit('04-appel', async () => {
      await menu('Appel').click();
      await waitForPage(page, CALL_TITLE);
      await page.getByRole('table', { name: 'Montants par thématique' }).waitFor();
      await page.getByRole('table', { name: /^Opérations de la thématique 2/ }).waitFor();
    });
  });

  test('05 Répartition', async () => {
    await visit('05-repartition', async () => {
      await menu('Répartition').click();
      await waitForPage(page, 'Répartition financière');
      await waitForText(page.getByRole('status'), /lignes pour un montant total/);
    });
  });

  test('05b Répartition filtrée', async () => {
    await visit('05b-repartition-filtree', async () => {
      await page.getByLabel('Opération').selectOption('1.1');
      await waitForText(page.getByRole('status'), /^4 lignes sélectionnées sur 136, pour un montant de/);
      assert.equal(new URL(page.url()).searchParams.get('operation'), '1.1');
      await page.getByRole('rowheader', { name: /^Total opération 1\.1/ }).waitFor();
    });
  });

  test('06 Demandes', async () => {
    await visit('06-demandes', async () => {
      await menu('Demandes').click();
      await waitForPage(page, 'Demandes');
      await waitForText(page.getByRole('status'), /\d+ demandes trouvées/);
      await page.getByRole('table').waitFor();
    });
  });

  test('07 Demande', async () => {
    await visit('07-demande', async () => {
      await page.getByRole('searchbox', { name: 'Rechercher' }).fill(SIVOM_AMENDMENT);
      await page.getByRole('link', { name: SIVOM_AMENDMENT, exact: true }).click();
      await waitForPage(page, new RegExp(`^Demande ${SIVOM_AMENDMENT}`));
      await page.getByRole('region', { name: 'Historique des décisions' }).getByRole('table').waitFor();
    });
  });

  test('07b Historique des modifications d’une demande', async () => {
    await visit('07b-demande-historique', async () => {
      const history = page.getByRole('region', { name: 'Historique des modifications' });
      await history.getByRole('button', { name: 'Historique des modifications' }).click();
      await waitForText(history.getByRole('status'), /\d+ modifications? enregistrées?/);
      await waitForText(history.getByRole('table'), 'Création');
    });
  });

  test('08 Changement d’état (boîte de dialogue)', async () => {
    await visit(
      '08-dialogue-vote',
      async () => {
        await page.getByRole('button', { name: 'Enregistrer le vote…' }).click();
        const dialog = page.getByRole('dialog', { name: 'Enregistrer le vote' });
        await dialog.waitFor();
        // Sending without a motivation: the error is tied to its field.
        await dialog.getByRole('button', { name: 'Enregistrer le vote', exact: true }).click();
        await waitForText(dialog, 'la motivation est obligatoire');
      },
      { fullPage: false },
    );
    await page.getByRole('dialog').getByRole('button', { name: 'Annuler' }).click();
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
  });

  test('09 Modifier la demande', async () => {
    await visit('09-modifier-demande', async () => {
      await page.getByRole('link', { name: 'Modifier', exact: true }).click();
      await waitForPage(page, `Modifier la demande ${SIVOM_AMENDMENT}`);
      await page.getByRole('form', { name: 'Modifier la demande' }).waitFor();
      // The amended convention is listed once the structure's voted conventions are read.
      await waitForText(page.getByLabel('Convention modifiée'), `${CALL.replace('P2', 'P1')}-T1-O1-01`);
    });
  });

  test('10 Nouvelle demande', async () => {
    await visit('10-nouvelle-demande', async () => {
      await menu('Demandes').click();
      await waitForPage(page, 'Demandes');
      await page.getByRole('link', { name: 'Nouvelle demande' }).click();
      await waitForPage(page, 'Nouvelle demande');
      await page.getByRole('form', { name: 'Nouvelle demande' }).waitFor();
    });
  });

  test('11 Nouvelle demande, envoyée vide', async () => {
    await visit('11-nouvelle-demande-erreurs', async () => {
      await page.getByRole('button', { name: 'Créer la demande (brouillon)' }).click();
      await waitForText(page.getByRole('alert'), /Le formulaire contient \d+ erreurs/);
    });
  });

  test('12 Structures', async () => {
    await visit('12-structures', async () => {
      await menu('Structures').click();
      await waitForPage(page, 'Structures');
      await waitForText(page.getByRole('status'), /\d+ structures trouvées/);
      await page.getByRole('table').waitFor();
    });
  });

  test('13 Structure', async () => {
    await visit('13-structure', async () => {
      await page.getByRole('searchbox', { name: 'Rechercher' }).fill('Bruay-la-Buissière');
      await page.getByRole('button', { name: 'Rechercher', exact: true }).click();
      await page.getByRole('link', { name: 'CCAS de Bruay', exact: true }).click();
      await waitForPage(page, 'CCAS de Bruay');
      await page.getByRole('region', { name: 'Demandes' }).getByRole('table').waitFor();
    });
  });

  test('13b Historique des modifications d’une structure', async () => {
    await visit('13b-structure-historique', async () => {
      const history = page.getByRole('region', { name: 'Historique des modifications' });
      await history.getByRole('button', { name: 'Historique des modifications' }).click();
      await waitForText(history.getByRole('status'), /\d+ modifications? enregistrées?/);
    });
  });

  test('13c Fusionner deux structures (aperçu)', async () => {
    await visit('13c-fusion-structures', async () => {
      await page.getByRole('link', { name: 'Fusionner avec une autre structure' }).click();
      await waitForPage(page, 'Fusionner CCAS de Bruay');
      const form = page.getByRole('form', { name: 'Fusionner la structure' });
      await form.getByRole('searchbox', { name: 'Rechercher une structure' }).fill('Wimereux');
      await form.getByRole('option', { name: /^CCAS Wimereux/ }).click();
      await page.getByRole('table', { name: /^La fiche fusionnée, la fiche conservée/ }).waitFor();
      await waitForText(form.getByRole('status'), /à déplacer\.$/);
    });
    // Nothing merged: back to the structure.
    await page.getByRole('link', { name: 'Annuler' }).click();
    await waitForPage(page, 'CCAS de Bruay');
  });

  test('14 Modifier la structure', async () => {
    await visit('14-modifier-structure', async () => {
      await page.getByRole('link', { name: 'Modifier', exact: true }).click();
      await waitForPage(page, 'Modifier CCAS de Bruay');
      await page.getByRole('form', { name: 'Modifier la structure' }).waitFor();
    });
  });

  test('15 Utilisateurs', async () => {
    await visit('15-utilisateurs', async () => {
      await menu('Utilisateurs').click();
      await waitForPage(page, 'Utilisateurs');
      await waitForText(
        page.getByRole('table', { name: /^Comptes des agents/ }),
        PERSONAS.artois.displayName,
      );
    });
  });

  test('16 Page introuvable', async () => {
    await visit('16-page-introuvable', async () => {
      await page.goto(e2e.url('/cette-page-n-existe-pas'));
      await waitForPage(page, 'Page introuvable');
    });
  });
});

after(() => {
  // A summary of what axe found, serious or not, for the person reading the test output.
  for (const report of accessibilityReports) {
    const counts = report.all.map(
      (violation) => `${violation.id} (${violation.impact}, ${violation.nodes.length})`,
    );
    console.log(
      `axe ${report.page}: ${counts.length === 0 ? 'aucune violation' : counts.join(', ')} — ${report.passes.length} règles respectées, à vérifier : ${report.incomplete.join(', ') || 'rien'}`,
    );
  }
});
