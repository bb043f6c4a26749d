/**
 * Demo data for the stand-ins: projects of each platform with something of every kind. Values are placeholders,
 * never real secrets. The small projects ("Default Project", "Shop") are what the fast tests assert against; the
 * "Storefront" projects are the realistic ones that `npm start` shows and the end-to-end suite drives.
 */
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
  /** The realistic demo project (`npm start`, `examples/`, the end-to-end suite). */
  storefront: '9f1c2d3e-4b5a-4c6d-8e7f-a0b1c2d3e4f5',
  storefrontProduction: '9f1c2d3e-0001-4c6d-8e7f-a0b1c2d3e4f5',
  storefrontStaging: '9f1c2d3e-0002-4c6d-8e7f-a0b1c2d3e4f5',
  storefrontDatabaseUrl: '9f1c2d3e-1001-4c6d-8e7f-a0b1c2d3e4f5',
  storefrontRedisHost: '9f1c2d3e-1002-4c6d-8e7f-a0b1c2d3e4f5',
  storefrontRegion: '9f1c2d3e-1003-4c6d-8e7f-a0b1c2d3e4f5',
  storefrontStripe: '9f1c2d3e-2001-4c6d-8e7f-a0b1c2d3e4f5',
  storefrontSendgrid: '9f1c2d3e-2002-4c6d-8e7f-a0b1c2d3e4f5',
  storefrontServiceAccount: '9f1c2d3e-2003-4c6d-8e7f-a0b1c2d3e4f5',
  storefrontDatabaseAlias: '9f1c2d3e-3001-4c6d-8e7f-a0b1c2d3e4f5',
  storefrontRedisAlias: '9f1c2d3e-3002-4c6d-8e7f-a0b1c2d3e4f5',
  storefrontRegionOverride: '9f1c2d3e-4001-4c6d-8e7f-a0b1c2d3e4f5',
  storefrontEnvironmentSecret: '9f1c2d3e-5001-4c6d-8e7f-a0b1c2d3e4f5',
};

/** The realistic Northflank demo project's id. */
export const DEMO_NORTHFLANK_PROJECT = 'storefront';

/** `{"logLevel":"info","debug":false,"retries":3}` and a newline, base64: the demo's secret file. */
const CHECKOUT_CONFIG = 'eyJsb2dMZXZlbCI6ImluZm8iLCJkZWJ1ZyI6ZmFsc2UsInJldHJpZXMiOjN9Cg==';

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
      id: DEMO_NORTHFLANK_PROJECT,
      name: 'Storefront',
      description: 'The shop: API, web front end, checkout worker',
      services: [
        { id: 'storefront-api', name: 'Storefront API', serviceType: 'combined', tags: ['backend'] },
        { id: 'storefront-web', name: 'Storefront Web', serviceType: 'deployment', tags: ['frontend'] },
        { id: 'checkout-worker', name: 'Checkout Worker', serviceType: 'deployment', tags: ['backend'] },
      ],
      jobs: [
        { id: 'db-migrate', name: 'DB Migrate', jobType: 'manual', tags: ['backend'] },
        { id: 'nightly-report', name: 'Nightly Report', jobType: 'cron' },
      ],
      addons: [
        {
          id: 'orders-db',
          name: 'Orders DB',
          type: 'postgresql',
          availableKeys: [
            'HOST', 'PORT', 'DATABASE', 'USERNAME', 'PASSWORD', 'ADMIN_USERNAME', 'ADMIN_PASSWORD', 'POSTGRES_URI', 'POSTGRES_URI_ADMIN',
            'JDBC_POSTGRES_URI', 'READ_ONLY_HOST', 'READ_ONLY_POSTGRES_URI',
          ],
          values: { POSTGRES_URI: 'postgresql://storefront:demo-db-password@orders-db:5432/orders', READ_ONLY_POSTGRES_URI: 'postgresql://reader:demo-reader-password@orders-db-ro:5432/orders' },
        },
        {
          id: 'sessions',
          name: 'Sessions',
          type: 'redis',
          availableKeys: ['HOST', 'PORT', 'PASSWORD', 'REDIS_MASTER_URL'],
          values: { REDIS_MASTER_URL: 'redis://:demo-redis-password@sessions:6379' },
        },
        {
          id: 'uploads',
          name: 'Uploads',
          type: 'minio',
          availableKeys: ['HOST', 'PORT', 'MINIO_ENDPOINT', 'ACCESS_KEY', 'SECRET_KEY'],
          values: { ACCESS_KEY: 'demo-access-key', SECRET_KEY: 'demo-minio-secret-key' },
        },
      ],
      secretGroups: [
        {
          name: 'storefront-api',
          description: 'Secrets of the API and its migrations',
          secretType: 'environment',
          priority: 20,
          restrictions: { restricted: true, nfObjects: [{ id: 'storefront-api', type: 'service' }, { id: 'db-migrate', type: 'job' }] },
          addonDependencies: [
            { addonId: 'orders-db', keys: [{ keyName: 'POSTGRES_URI', aliases: ['DATABASE_URL'] }] },
            { addonId: 'sessions', keys: [{ keyName: 'REDIS_MASTER_URL', aliases: ['REDIS_URL'] }] },
          ],
          secrets: {
            variables: {
              NODE_ENV: 'production',
              JWT_SIGNING_KEY: 'demo-jwt-signing-key',
              STRIPE_SECRET_KEY: 'sk_test_demo_stripe_key',
              SENTRY_DSN: 'https://demo-public-key@sentry.example.com/42',
            },
          },
        },
        {
          name: 'web-public-config',
          type: 'config',
          secretType: 'environment',
          priority: 5,
          tags: ['frontend'],
          restrictions: { restricted: true, tags: ['frontend'], tagMatchCondition: 'or' },
          secrets: { variables: { NEXT_PUBLIC_API_URL: 'https://api.storefront.example.com', NEXT_PUBLIC_CHECKOUT_V2: 'true' } },
        },
        {
          name: 'checkout-worker',
          secretType: 'environment',
          priority: 10,
          restrictions: { restricted: true, nfObjects: [{ id: 'checkout-worker', type: 'service' }] },
          addonDependencies: [{ addonId: 'uploads', keys: [{ keyName: 'ACCESS_KEY', aliases: ['S3_ACCESS_KEY_ID'] }, { keyName: 'SECRET_KEY', aliases: ['S3_SECRET_ACCESS_KEY'] }] }],
          secrets: {
            variables: { SMTP_PASSWORD: 'demo-smtp-password', WEBHOOK_SIGNING_SECRET: 'whsec_demo_signing_secret' },
            files: { '/etc/checkout/config.json': { data: CHECKOUT_CONFIG, encoding: 'utf-8' } },
          },
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
        {
          id: DEMO_QOVERY_IDS.storefront,
          name: 'Storefront',
          environments: [
            { id: DEMO_QOVERY_IDS.storefrontProduction, name: 'production', mode: 'PRODUCTION' },
            { id: DEMO_QOVERY_IDS.storefrontStaging, name: 'staging', mode: 'STAGING' },
          ],
          secrets: [
            { id: DEMO_QOVERY_IDS.storefrontDatabaseUrl, key: 'QOVERY_POSTGRESQL_Z7D3A9F1E_DATABASE_URL_INTERNAL', scope: 'BUILT_IN', value: 'postgresql://qovery:demo-built-in-password@z7d3a9f1e-postgresql:5432/storefront' },
            { id: DEMO_QOVERY_IDS.storefrontRedisHost, key: 'QOVERY_REDIS_Z2C4E6A8B_HOST_INTERNAL', scope: 'BUILT_IN', value: 'z2c4e6a8b-redis.internal' },
            { id: DEMO_QOVERY_IDS.storefrontRegion, key: 'QOVERY_CLOUD_PROVIDER_REGION', scope: 'BUILT_IN', value: 'eu-west-3' },
            { id: DEMO_QOVERY_IDS.storefrontStripe, key: 'STRIPE_SECRET_KEY', value: 'sk_test_demo_qovery_stripe', description: 'Stripe secret key (test mode)' },
            { id: DEMO_QOVERY_IDS.storefrontSendgrid, key: 'SENDGRID_API_KEY', value: 'SG.demo-sendgrid-key', description: 'Transactional e-mail' },
            { id: DEMO_QOVERY_IDS.storefrontServiceAccount, key: 'GCP_SERVICE_ACCOUNT', value: '{"type":"service_account","project_id":"storefront-demo"}', mount_path: '/etc/gcp/service-account.json' },
            { id: DEMO_QOVERY_IDS.storefrontDatabaseAlias, key: 'DATABASE_URL', aliasOf: 'QOVERY_POSTGRESQL_Z7D3A9F1E_DATABASE_URL_INTERNAL' },
            { id: DEMO_QOVERY_IDS.storefrontRedisAlias, key: 'REDIS_HOST', aliasOf: 'QOVERY_REDIS_Z2C4E6A8B_HOST_INTERNAL' },
            { id: DEMO_QOVERY_IDS.storefrontRegionOverride, key: 'QOVERY_CLOUD_PROVIDER_REGION', overrideOf: 'QOVERY_CLOUD_PROVIDER_REGION', value: 'eu-central-1' },
            { id: DEMO_QOVERY_IDS.storefrontEnvironmentSecret, key: 'PAYPAL_CLIENT_SECRET', scope: 'ENVIRONMENT', environmentId: DEMO_QOVERY_IDS.storefrontProduction, value: 'demo-paypal-secret' },
          ],
        },
      ],
    },
  ],
};
