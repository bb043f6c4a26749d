/**
 * Starts both stand-ins with the demo fixtures and prints how to point secretdef at them; runs until Ctrl-C.
 * `npm run standins` (development only: the stand-ins are not part of the extension or the CLI bundle).
 */
import { DEMO_NORTHFLANK_TOKEN, DEMO_QOVERY_IDS, DEMO_QOVERY_TOKEN, startStandins } from './index';

void (async () => {
  const standins = await startStandins();
  const lines = [
    'Stand-ins of Northflank and Qovery are listening (demo data, in memory). In another shell:',
    '',
    `  export NORTHFLANK_API_URL=${standins.urls.northflank} NORTHFLANK_API_TOKEN=${DEMO_NORTHFLANK_TOKEN}`,
    `  export QOVERY_API_URL=${standins.urls.qovery} QOVERY_API_TOKEN=${DEMO_QOVERY_TOKEN}`,
    '  npx secretdef list --provider northflank --project default-project',
    `  npx secretdef list --provider qovery --project ${DEMO_QOVERY_IDS.project}`,
    '',
    'Ctrl-C stops them.',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  const stop = () => void standins.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
})();
