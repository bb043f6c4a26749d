/**
 * Push plans: what a push will change, from the local definition and the remote state, and their masked
 * renderings. Pure (no network, no VS Code): the CLI and the extension share it.
 */
export * from './types';
export { deriveSecretGroupId } from './ids';
export { planNorthflankSecret, planNorthflankLink, compareLinkKeys, type NorthflankTarget } from './northflank';
export { planQovery, describeStep, type QoveryPlanOptions } from './qovery';
export { aliasProblem, overrideProblem, qoveryEntryKind, qoveryVariableType, scopeRank, SCOPE_HIERARCHY, SCOPE_RANK, type QoveryEntryFields, type QoveryVariableType, type RuleTarget } from './qoveryRules';
export * from './render';
