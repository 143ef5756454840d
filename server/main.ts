import { existsSync } from 'node:fs';
import path from 'node:path';
import { countEnabledAccounts } from './auth/accounts.ts';
import { applyDemoAccounts, DEMO_ACCOUNTS } from './auth/demo-accounts.ts';
import { openDatabase } from './db/database.ts';
import { migrate } from './db/migrate.ts';
import { buildGateway } from './http/app.ts';
import { ConfigError, loadConfig, type GatewayConfig } from './config.ts';
import { notBuiltMessage } from './http/spa-static.ts';

/** Entry point: `npx tsx server/main.ts`. Configuration: see server/config.ts (READROOM_CONFIG or env vars). */

const SHUTDOWN_GRACE_MS = 10_000;

function loadConfigOrExit(): GatewayConfig {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

const config = loadConfigOrExit();
const db = await openDatabase(config.database);
await migrate(db);
try {
  const demo = await applyDemoAccounts(db, process.env['READROOM_DEMO_PASSWORD']);
  if (demo === 'created') console.log(`Demo accounts ready: ${DEMO_ACCOUNTS.map((a) => a.username).join(', ')} (password from READROOM_DEMO_PASSWORD).`);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
if ((await countEnabledAccounts(db)) === 0) {
  const stopFirst = config.database.kind === 'embedded' ? ' (stop the gateway first: the embedded database takes one process at a time)' : '';
  console.log(
    `No account can sign in yet. Create the first administrator${stopFirst} with:\n  npm run users -- add <username> --role admin --name "<Your Name>"`,
  );
}
const app = await buildGateway(config, { db });
app.addHook('onClose', async () => db.close());
if (!existsSync(path.join(config.staticDir, 'index.html'))) app.log.warn(notBuiltMessage(config.staticDir));

try {
  await app.listen({ host: config.host, port: config.port });
} catch (error) {
  app.log.error({ err: { message: (error as Error).message } }, `Could not listen on ${config.host}:${config.port}`);
  process.exit(1);
}

const address = app.server.address();
const port = typeof address === 'object' && address ? address.port : config.port;
const host = config.host.includes(':') ? `[${config.host}]` : config.host;
app.log.info(`Readroom gateway listening on http://${host}:${port}/`);
for (const [index, source] of config.sources.entries()) {
  // Upstream URLs never carry credentials here: config.ts moved any userinfo into the Authorization value.
  const route = index === 0 ? '/dicom-web' : `/sources/${source.id}/dicom-web`;
  app.log.info(
    `DICOMweb source "${source.label}" (${source.id}) at ${route} -> ${source.upstream.root}${source.upstream.authorization ? ' (with credentials)' : ''}`,
  );
}

let closing = false;
async function shutdown(signal: string): Promise<void> {
  if (closing) return;
  closing = true;
  app.log.info(`${signal} received, closing the gateway`);
  const force = setTimeout(() => {
    app.log.warn(`Open requests did not finish within ${SHUTDOWN_GRACE_MS / 1000} s; exiting anyway`);
    process.exit(1);
  }, SHUTDOWN_GRACE_MS);
  force.unref();
  await app.close();
  process.exit(0);
}
process.once('SIGINT', () => void shutdown('SIGINT'));
process.once('SIGTERM', () => void shutdown('SIGTERM'));
