// The messy file of the workspace and what Format Document makes of it: for the desktop and the web suites.

export const MESSY = 'messy.northflank-secret.yaml';

export const FORMATTED = `# A secret group written in a hurry: Format Document tidies it.
name: api-secrets # the group's name
secretType: environment
priority: 10
restrictions:
  restricted: true
  nfObjects:
    - id: api
      type: service
addonDependencies:
  - addonId: &pg postgres
    keys:
      - keyName: POSTGRES_URI
        aliases: [ DATABASE_URL, PG_URL ]
secrets:
  variables:
    # who calls whom
    NODE_ENV: "production"
    API_URL: https://api.example.com/\${NODE_ENV}
`;
