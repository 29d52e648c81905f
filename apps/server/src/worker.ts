import { ConfigError } from './config.ts';
import { startRuntime, stopOnSignals } from './runtime.ts';

// Job runner only: scale these separately from the API (same database, same code).
try {
  const runtime = await startRuntime({ http: false, worker: true });
  stopOnSignals(runtime, (msg) => console.log(msg));
  console.log('Teppan worker running. Press Ctrl-C to stop.');
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
}
