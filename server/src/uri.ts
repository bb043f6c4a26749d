/**
 * The path of a document for kind detection: a file system path for file URIs (`C:/x/y.yaml` for a Windows drive,
 * `//server/share/y.yaml` for a UNC path), the URI's path otherwise (virtual workspaces: `vscode-vfs://github/o/r/x`
 * gives `/o/r/x`). Slashes only: kind detection matches forward slashes. With the WHATWG URL of Node and browsers,
 * not a library: the browser bundle stays small.
 */
export function uriToPath(uri: string): string {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return uri;
  }
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    path = url.pathname;
  }
  if (url.protocol !== 'file:') return path;
  if (url.host) return `//${url.host}${path}`;
  return /^\/[A-Za-z]:/.test(path) ? path.slice(1) : path;
}
