import { URI } from 'vscode-uri';

/** The path of a document for kind detection: a file system path for file URIs, the URI's path otherwise (virtual workspaces). */
export function uriToPath(uri: string): string {
  try {
    const parsed = URI.parse(uri, true);
    return parsed.scheme === 'file' ? parsed.fsPath : parsed.path;
  } catch {
    return uri;
  }
}
