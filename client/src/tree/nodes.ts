import type { ProjectScope } from '../../../api/northflank';
import type { ProjectSecret } from '../../../api/qovery';
import type { Platform } from '../logic/targets';

/** The nodes of the remote secrets tree. They hold names and ids only: never a secret value. */
export type Node =
  | { type: 'platform'; platform: Platform }
  | { type: 'message'; label: string; detail?: string; command?: string; retry?: Node }
  | { type: 'nf-project'; scope: ProjectScope; name: string }
  | { type: 'nf-group'; scope: ProjectScope; id: string; name: string; description: string; tooltip: string }
  | { type: 'nf-folder'; scope: ProjectScope; groupId: string; folder: 'variables' | 'files' | 'docker' | 'links' }
  | { type: 'nf-variable'; scope: ProjectScope; groupId: string; name: string; revealed?: boolean }
  | { type: 'nf-file'; scope: ProjectScope; groupId: string; path: string; docker: boolean }
  | { type: 'nf-link'; scope: ProjectScope; groupId: string; addonId: string; keys: { keyName: string; aliases: string[] }[] }
  | { type: 'nf-link-key'; addonId: string; keyName: string; aliases: string[] }
  | { type: 'nf-alias'; name: string }
  | { type: 'q-org'; id: string; name: string }
  | { type: 'q-project'; organizationId: string; id: string; name: string }
  | { type: 'q-secret'; projectId: string; secret: ProjectSecret };
