import { ConfigError } from './config.ts';
import { startRuntime, stopOnSignals } from './runtime.ts';

// One process: HTTP API and (unless RUN_WORKER=false) the job worker.
try {
  const runtime = await startRuntime({ http: true });
  stopOnSignals(runtime, (msg) => console.log(msg));
  const { url, config, isWorkerRunning: runWorker, demoStaff } = runtime;
  // Printed only on the start that created the demo accounts: afterwards their passwords
  // may have changed, and the database may hold real staff.
  const isDemoSeeded = demoStaff?.isSeeded === true && !config.isProduction;
  console.log(
    [
      '',
      `Teppan is running${runWorker ? ' (API + job worker)' : ' (API only)'}`,
      `  Customer site  ${url}/`,
      `  Admin panel    ${url}/admin`,
      `  API            ${url}/api/v1`,
      config.apiDocs === 'off'
        ? '  API docs       off (API_DOCS=off); docs/openapi.json in the repository'
        : `  API docs       ${url}/api/docs${config.apiDocs === 'staff' ? '   (staff sign-in or STAFF_API_KEY)' : ''}`,
      `  Health         ${url}/healthz · ${url}/readyz${
        config.metrics.access === 'off'
          ? ' · /metrics off (set METRICS_TOKEN)'
          : ` · ${url}/metrics${config.metrics.access === 'token' ? ' (Bearer METRICS_TOKEN)' : ''}`
      }`,
      config.isProduction
        ? ''
        : `  Dev outbox     ${url}/api/v1/dev/outbox   (offline: messages are recorded, not sent)`,
      `  Database       ${config.databaseUrl ? 'DATABASE_URL' : `embedded PostgreSQL in ${config.dataDir}/pg`}`,
      isDemoSeeded
        ? `  Staff login    ${config.demoAdmin.email} / ${config.demoAdmin.password}   (super admin; sign in at /admin, then set up two-factor sign-in with an authenticator app)`
        : '',
      isDemoSeeded
        ? `  Chef login     chef.${config.demoAdmin.email} / ${config.demoAdmin.password}   (a chef's own schedule, no pay)`
        : '',
      demoStaff?.isSeeded === false
        ? `  Staff login    the accounts already in the database (demo staff such as ${config.demoAdmin.email} are created, and their sign-in printed, only into one without staff)`
        : '',
      config.isStaffApiKeyGenerated
        ? `  Staff API key  ${config.staffApiKey ?? ''}   (operator key for integrations, generated for this run)`
        : config.staffApiKey
          ? '  Staff API key  set by STAFF_API_KEY'
          : '  Staff API key  not set (set STAFF_API_KEY to confirm offline payments)',
      '',
      'Press Ctrl-C to stop.',
    ]
      .filter((line) => line !== '')
      .join('\n'),
  );
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    console.error(error);
  }
  process.exit(1);
}
