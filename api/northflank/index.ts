/** The Northflank API client: one object per resource, over one transport. No VS Code imports: shared by the extension and the CLI. */
import { AddonLinks } from './addonLinks';
import { Addons } from './addons';
import { NorthflankHttp, type NorthflankClientOptions } from './http';
import { Jobs } from './jobs';
import { Projects } from './projects';
import { SecretGroups } from './secrets';
import { Services } from './services';

export { NORTHFLANK_DEFAULT_URL, NORTHFLANK_PAGE_SIZE, type NorthflankClientOptions, type CallOptions } from './http';
export { secretValuesOf } from './secrets';
export type * from './types';

export class NorthflankClient {
  readonly http: NorthflankHttp;
  readonly secrets: SecretGroups;
  readonly addonLinks: AddonLinks;
  readonly services: Services;
  readonly jobs: Jobs;
  readonly addons: Addons;
  readonly projects: Projects;

  constructor(options: NorthflankClientOptions) {
    this.http = new NorthflankHttp(options);
    this.secrets = new SecretGroups(this.http);
    this.addonLinks = new AddonLinks(this.http);
    this.services = new Services(this.http);
    this.jobs = new Jobs(this.http);
    this.addons = new Addons(this.http);
    this.projects = new Projects(this.http);
  }
}
