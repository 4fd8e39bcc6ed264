// Hyperparameter sweeps, pure logic: parse a sweep config, suggest the next trial (grid, random, TPE), prune with the median rule.
export { nativeSweepConfig, parseSweepConfig, SweepConfigError } from './parse-sweep-config';
export { suggest } from './suggest';
export { isRung, shouldPrune, MEDIAN_RULE_MIN_PEERS, type PruneTrial } from './prune';
export { isBetter, type Trial } from './trial';
export { gridSize } from './space';
export { TPE_CANDIDATES, TPE_GAMMA, tpeStartupTrials } from './tpe';
