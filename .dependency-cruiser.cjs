/**
 * The house rules, checked by `npm run lint` (and so by `npm test` and CI): no import cycle, and every
 * arrow points one way:
 *
 *   src/main.ts → src/app.ts → commands/ → views/ → src/slack/ → src/usecases/ → src/worker/? no: the worker
 *   is started by the app and uses the use cases' outcome recording; use cases never import the worker.
 *
 *   commands/ → views/ → src/slack/ → src/usecases/ → src/lenders/, src/store/, src/domain/
 *
 * dev/ (the Slack stand-in, the shell, the sandbox lenders), test/ and bench/ may import anything;
 * product code imports dev/ only where sandbox mode starts the sandbox lenders, lazily.
 */
module.exports = {
  forbidden: [
    { name: 'no-cycle', severity: 'error', comment: 'An import cycle.', from: {}, to: { circular: true } },
    {
      name: 'product-code-not-dev', severity: 'error',
      comment: 'src/, commands/ and views/ are what npm start runs: dev/, test/ and bench/ stay out (sandbox mode loads dev/sandbox lazily from src/lenders/lender-setup.ts).',
      from: { path: '^(src|commands|views)/', pathNot: '^src/lenders/lender-setup\\.ts$' },
      to: { path: '^(dev|test|bench)/' },
    },
    {
      name: 'views-not-commands', severity: 'error',
      comment: 'Slash commands render views; views never import commands.',
      from: { path: '^views/' }, to: { path: '^commands/' },
    },
    {
      name: 'edge-not-store', severity: 'error',
      comment: 'Listeners parse, call a use case and render its result: the store is the use cases\' (record types come from src/usecases/records.ts).',
      from: { path: '^(commands|views|src/slack)/' }, to: { path: '^src/store/' },
    },
    {
      name: 'src-not-edge', severity: 'error',
      comment: 'Below the Slack edge nothing imports commands/ or views/ (only the composition root registers them).',
      from: { path: '^src/', pathNot: '^src/(app|main)\\.ts$' }, to: { path: '^(commands|views)/' },
    },
    {
      name: 'usecases-not-up', severity: 'error',
      comment: 'Use cases declare the deps they need; they never import the edge, the worker, the app or the services bag.',
      from: { path: '^src/usecases/' },
      to: { path: '^src/(slack|worker|http)/|^src/(app|main|services|socket-mode|ack-timed-app)\\.ts$' },
    },
    {
      name: 'lenders-store-domain-not-up', severity: 'error',
      comment: 'Lenders, store and domain sit at the bottom: they import no use case, worker or edge.',
      from: { path: '^src/(lenders|store|domain)/' },
      to: { path: '^src/(usecases|worker|slack|http)/|^src/(app|main|services)\\.ts$' },
    },
    {
      name: 'domain-pure', severity: 'error',
      comment: 'src/domain/ is pure rules: it imports only itself (and date-fns, zod).',
      from: { path: '^src/domain/' },
      to: { pathNot: '^src/domain/|date-fns|zod|^node:|^(crypto|node:crypto)$', dependencyTypesNot: ['core'] },
    },
    {
      name: 'only-lenders-know-got', severity: 'error',
      from: { pathNot: '^(src/lenders|dev|test|bench)/' }, to: { path: 'node_modules/got/' },
    },
    {
      name: 'only-store-knows-sql', severity: 'error',
      from: { pathNot: '^(src/store|dev|test|bench)/' }, to: { path: 'node_modules/(better-sqlite3|pg)/' },
    },
    {
      name: 'only-the-edge-knows-bolt', severity: 'error',
      comment: 'Bolt belongs to commands/, views/ and the Slack edge (src/slack/, the composition root).',
      from: { path: '^src/', pathNot: '^src/(slack/|app\\.ts|socket-mode\\.ts|ack-timed-app\\.ts|log\\.ts|bot-token-check\\.ts)' },
      to: { path: 'node_modules/@slack/bolt/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js'] },
    exclude: { path: '^(node_modules|dist|coverage|data)/' },
  },
};
