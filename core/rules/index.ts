import type { Catalog } from '../catalog';
import type { Diagnostic } from '../diagnostics';
import type { DefinitionDocument } from '../document';
import { createContext, type VariablesView } from './context';
import { northflankLinkRules, northflankSecretRules } from './northflank';
import { placeholderRules } from './placeholders';
import { qoveryRules } from './qovery';
import { repeatedItems } from './repeated';
import { typingRules } from './typing';

/**
 * The semantic rules of a document's kind: what the schema cannot say. With `variables`, the tree's
 * `secrets.variables` is empty and the view says what it holds (validate-incremental.ts checks each variable apart).
 */
export function semanticDiagnostics(doc: DefinitionDocument, catalog: Catalog, variables?: VariablesView): Diagnostic[] {
  const out: Diagnostic[] = [];
  const ctx = createContext(doc, catalog, out, variables);
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
