import { minimatch } from 'minimatch';
import { platformOf, type FileKind, type Platform } from '../../../core/kinds';

export type { Platform };

/**
 * Where a definition file goes, as `secretDefinitions.targets` records it (keyed by a workspace-relative path or
 * glob). A Qovery file may name its project itself; its own `project` wins.
 */
export interface Target {
  project: string;
  /** Northflank: the team, for team-scoped projects. */
  team?: string;
  /** Qovery: the organization the project belongs to (for pickers and the tree). */
  organization?: string;
  /** Northflank addon link files: the secret group and the addon they link. */
  secret?: string;
  addon?: string;
  /** A human name of the project, for the status bar. */
  projectName?: string;
}

export type Targets = Record<string, Target>;

export interface ResolvedTarget extends Target {
  platform: Platform;
  /** The settings key it came from, or "file" when the file names its project. */
  source: string;
}

export function isTarget(value: unknown): value is Target {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  const optional = ['team', 'organization', 'secret', 'addon', 'projectName'].every((k) => v[k] === undefined || typeof v[k] === 'string');
  return typeof v.project === 'string' && v.project.length > 0 && optional;
}

/** Keeps the well-formed entries of the setting (it comes from the user). */
export function sanitizeTargets(value: unknown): Targets {
  const out: Targets = {};
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, target] of Object.entries(value)) if (isTarget(target)) out[key] = target;
  }
  return out;
}

/**
 * The target of a file: an exact path entry first, then the most specific glob (the longest pattern), then the
 * project a Qovery file names. Undefined: the file is not bound yet (the first push asks).
 */
export function resolveTarget(relativePath: string, kind: FileKind, targets: Targets, fileProject?: string): ResolvedTarget | undefined {
  const platform = platformOf(kind);
  const path = relativePath.replace(/\\/g, '/');
  let found: [string, Target] | undefined;
  if (targets[path]) found = [path, targets[path]];
  else {
    const globs = Object.entries(targets).filter(([glob]) => glob !== path && minimatch(path, glob, { dot: true }));
    globs.sort((a, b) => b[0].length - a[0].length);
    found = globs[0];
  }
  if (platform === 'qovery' && fileProject) {
    return { ...(found?.[1] ?? {}), project: fileProject, platform, source: 'file' };
  }
  return found ? { ...found[1], platform, source: found[0] } : undefined;
}

/** The settings entry that binds one file (its workspace-relative path). */
export function bindFile(targets: Targets, relativePath: string, target: Target): Targets {
  return { ...targets, [relativePath.replace(/\\/g, '/')]: target };
}
