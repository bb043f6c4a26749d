import { forgetRemembered } from '../../core/memo';

/**
 * A root hook of the mutation set (test/mutation.mocharc.json): before each test, the answers `remembering` keeps are
 * forgotten. Stryker switches mutants within one process, so a verdict kept by the code of an earlier mutant (or of
 * none) would otherwise answer for the mutant under test, and its change would go unseen (the base64 rules survived
 * that way, 30 mutants, once their verdicts were remembered).
 */
export const mochaHooks = {
  beforeEach(): void {
    forgetRemembered();
  },
};
