import { fileURLToPath } from 'node:url';

/** The path of a document for kind detection: a file system path for file URIs, the URI's path otherwise (virtual workspaces). */
export function uriToPath(uri: string): string {
  try {
    if (uri.startsWith('file:')) return fileURLToPath(uri);
    return decodeURIComponent(new URL(uri).pathname);
  } catch {
    return uri;
  }
}
