// The user settings of every end-to-end run (a fresh profile each time): nothing opens, updates, recommends or
// phones home on its own, so runs are deterministic.
export const SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'security.workspace.trust.enabled': false,
  'window.restoreWindows': 'none',
  'files.autoSave': 'off',
  'git.enabled': false,
  'git.autoRepositoryDetection': false,
};

/**
 * The untrusted phase: workspace trust on, and nothing that would ask for it. A fresh profile has trusted no
 * folder, so the workspace opens in Restricted Mode and stays there.
 */
export const UNTRUSTED_SETTINGS = {
  ...SETTINGS,
  'security.workspace.trust.enabled': true,
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.emptyWindow': false,
  'security.workspace.trust.untrustedFiles': 'open',
};
