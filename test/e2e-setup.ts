import { existsSync } from 'node:fs';

/** The e2e tier needs a browser; say which and how to get it instead of 20 launch errors. */
export default function setup(): void {
  const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(chromiumPath))
    throw new Error(
      `The e2e tests need Chromium at ${chromiumPath}: apt-get install -y chromium, or set CHROMIUM_PATH.`,
    );
}
