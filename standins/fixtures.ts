/** Demo data for the stand-ins: a project of each platform with something of every kind. Values are placeholders. */
import type { NorthflankFixture } from './northflank';
import type { QoveryFixture } from './qovery';

export const DEMO_NORTHFLANK_TOKEN = 'nf-demo-token';
export const DEMO_QOVERY_TOKEN = 'qovery-demo-token';

export const DEMO_QOVERY_IDS = {
  organization: '0b5b3e39-1d8e-4a52-9c1b-6b1f0f6f1a01',
  project: '3c90c3cc-0d44-4b50-8888-8dd25736052a',
  otherProject: '7d4f1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b',
  production: 'e1a2b3c4-d5e6-4f70-8192-a3b4c5d6e7f8',
  staging: 'f1a2b3c4-d5e6-4f70-8192-a3b4c5d6e7f9',
  builtInDatabaseName: '11111111-1111-4111-8111-111111111111',
  builtInSome: '22222222-2222-4222-8222-222222222222',
  environmentSecret: '33333333-3333-4333-8333-333333333333',
  projectStripe: '44444444-4444-4444-8444-444444444444',
  projectAlias: '55555555-5555-4555-8555-555555555555',
};

export const DEMO_NORTHFLANK: NorthflankFixture = {
  tokens: [DEMO_NORTHFLANK_TOKEN],
  projects: [
    {
      id: 'default-project',
      name: 'Default Project',
      services: [
        { id: 'api', name: 'API', serviceType: 'combined' },
        { id: 'web', name: 'Web', serviceType: 'deployment', tags: ['frontend'] },
      ],
      jobs: [{ id: 'migrate', name: 'Migrate', jobType: 'manual' }],
      addons: [
        { id: 'postgres', name: 'Postgres', type: 'postgresql', availableKeys: ['HOST', 'PORT', 'DATABASE', 'USERNAME', 'PASSWORD', 'POSTGRES_URI'] },
        { id: 'mongo', name: 'Mongo', type: 'mongodb', availableKeys: ['USERNAME', 'PASSWORD', 'MONGO_SRV_ADMIN'] },
      ],
      secretGroups: [
        {
          name: 'api-secrets',
          secretType: 'environment',
          priority: 10,
          restrictions: { restricted: true, nfObjects: [{ id: 'api', type: 'service' }] },
          addonDependencies: [{ addonId: 'postgres', keys: [{ keyName: 'POSTGRES_URI', aliases: ['DATABASE_URL'] }] }],
          secrets: { variables: { NODE_ENV: 'production', LOG_LEVEL: 'info' } },
        },
      ],
    },
    {
      id: 'team-project',
      name: 'Team Project',
      teamId: 'acme',
      addons: [{ id: 'redis', name: 'Redis', type: 'redis', availableKeys: ['HOST', 'PORT', 'PASSWORD', 'REDIS_MASTER_URL'] }],
      secretGroups: [],
    },
  ],
};

export const DEMO_QOVERY: QoveryFixture = {
  tokens: [DEMO_QOVERY_TOKEN],
  organizations: [
    {
      id: DEMO_QOVERY_IDS.organization,
      name: 'Demo Org',
      projects: [
        {
          id: DEMO_QOVERY_IDS.project,
          name: 'Shop',
          environments: [
            { id: DEMO_QOVERY_IDS.production, name: 'production', mode: 'PRODUCTION' },
            { id: DEMO_QOVERY_IDS.staging, name: 'staging', mode: 'STAGING' },
          ],
          secrets: [
            { id: DEMO_QOVERY_IDS.builtInDatabaseName, key: 'QOVERY_DATABASE_PSQL_NAME', scope: 'BUILT_IN', value: 'shop' },
            { id: DEMO_QOVERY_IDS.builtInSome, key: 'QOVERY_SOME_BUILT_IN', scope: 'BUILT_IN', value: 'built-in-value' },
            { id: DEMO_QOVERY_IDS.environmentSecret, key: 'PROD_ONLY', scope: 'ENVIRONMENT', environmentId: DEMO_QOVERY_IDS.production, value: 'env-value' },
            { id: DEMO_QOVERY_IDS.projectStripe, key: 'STRIPE_API_KEY', value: 'sk_test_placeholder', description: 'Stripe key' },
            { id: DEMO_QOVERY_IDS.projectAlias, key: 'STRIPE_KEY', aliasOf: 'STRIPE_API_KEY' },
          ],
        },
        { id: DEMO_QOVERY_IDS.otherProject, name: 'Empty', environments: [], secrets: [] },
      ],
    },
  ],
};
