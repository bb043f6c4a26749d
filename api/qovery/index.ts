/** The Qovery API client: one object per resource, over one transport. No VS Code imports: shared by the extension and the CLI. */
import { Environments } from './environments';
import { QoveryHttp, type QoveryClientOptions } from './http';
import { Organizations } from './organizations';
import { ProjectSecrets } from './projectSecrets';
import { Projects } from './projects';

export { QOVERY_DEFAULT_URL, type QoveryClientOptions, type CallOptions } from './http';
export type * from './types';

export class QoveryClient {
  readonly http: QoveryHttp;
  readonly projectSecrets: ProjectSecrets;
  readonly organizations: Organizations;
  readonly projects: Projects;
  readonly environments: Environments;

  constructor(options: QoveryClientOptions) {
    this.http = new QoveryHttp(options);
    this.projectSecrets = new ProjectSecrets(this.http);
    this.organizations = new Organizations(this.http);
    this.projects = new Projects(this.http);
    this.environments = new Environments(this.http);
  }
}
