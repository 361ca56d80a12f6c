/**
 * `npm start`: opens the database (embedded by default), migrates it, loads the dataset the first
 * time and serves the API.
 */
import { buildApp } from './app.ts';
import { DomainError } from './kernel/errors.ts';
import { ensureInitialAdministrator } from './modules/identity/index.ts';
import { closeOnExit, prepareDatabase } from './platform/bootstrap.ts';
import { readConfig } from './platform/config.ts';

const config = readConfig();
const { db, migrations, dataset } = await prepareDatabase(config, { seed: true }).catch((error: unknown) => {
  // A refusal Inclusio can explain (folder in use, invalid dataset) is said in French, without a stack.
  if (error instanceof DomainError) {
    console.error(`Inclusio ne peut pas démarrer : ${error.message}`);
    process.exit(1);
  }
  throw error;
});
const administrator = await ensureInitialAdministrator(db);
const app = await buildApp(db, { webApp: true, trustProxy: config.trustProxy });
closeOnExit(db, () => app.close());
await app.listen({ host: config.host, port: config.port });
const where = config.databaseUrl ? 'serveur PostgreSQL (DATABASE_URL)' : `base embarquée ${config.dataDir}`;
console.log(`Inclusio — ${where}`);
if (migrations.length > 0) console.log(`Migrations appliquées : ${migrations.join(', ')}`);
if (dataset) {
  console.log(
    dataset.loaded
      ? `Jeu de données ${dataset.datasetId} chargé : ${dataset.counts.structures} structures, ${dataset.counts.applications} demandes.`
      : `Jeu de données ${dataset.datasetId} déjà chargé.`,
  );
}
console.log(
  `Adresse : http://${config.host}:${config.port}/  (API : /api, description OpenAPI : /api/openapi.json)`,
);
if (administrator) {
  console.log('');
  console.log(
    'Premier démarrage : compte administrateur créé. Notez ce mot de passe, il ne sera plus affiché :',
  );
  console.log(`  identifiant : ${administrator.login}`);
  console.log(`  mot de passe : ${administrator.password}`);
}
