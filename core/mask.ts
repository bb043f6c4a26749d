/**
 * What stands for a secret value wherever one would be shown: plan previews, the remote tree, log lines and
 * messages. One string, so that a person learns to read it once and a test can look for it everywhere.
 */
export const MASK = '********';

/** The mask of a value known to differ from the other side (so that a side-by-side diff shows the line). */
export const MASK_CHANGED = `${MASK} (differs)`;
