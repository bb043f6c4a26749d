import type { Catalog } from '../catalog';
import type { Diagnostic } from '../diagnostics';
import type { DefinitionDocument } from '../document';
import { createContext } from './context';
import { northflankLinkRules, northflankSecretRules } from './northflank';
import { placeholderRules } from './placeholders';
import { qoveryRules } from './qovery';
import { repeatedItems } from './repeated';
import { typingRules } from './typing';

/** The semantic rules of a document's kind: what the schema cannot say. */
export function semanticDiagnostics(doc: DefinitionDocument, catalog: Catalog): Diagnostic[] {
  const out: Diagnostic[] = [];
  const ctx = createContext(doc, catalog, out);
  switch (doc.kind) {
    case 'northflank-secret':
      northflankSecretRules(ctx);
      break;
    case 'northflank-link':
      northflankLinkRules(ctx);
      break;
    case 'qovery-secrets':
      qoveryRules(ctx);
      break;
  }
  placeholderRules(ctx);
  typingRules(ctx);
  repeatedItems(ctx);
  return out;
}
