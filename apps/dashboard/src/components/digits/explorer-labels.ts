// What the explorer's choices read as in its selects, shared by its test and validation views.
import type { Agreement, ConfidenceBand, ExplorerSort } from '../../lib/digit-explorer';

export const AGREEMENT_LABELS: Record<Agreement, string> = {
  any: 'any',
  'all-right': 'every run right',
  'some-wrong': 'some run wrong',
  'most-wrong': 'most runs wrong',
  'all-wrong': 'every run wrong',
};
export const CONFIDENCE_LABELS: Record<ConfidenceBand, string> = { any: 'any', low: 'below 50%', mid: '50-90%', high: '90% and above' };
export const SORT_LABELS: Record<ExplorerSort, string> = {
  'agreement-asc': 'Fewest runs right first',
  'agreement-desc': 'Most runs right first',
  'confidence-asc': 'Least confident first',
  'confidence-desc': 'Most confident first',
  index: 'Test set order',
  'learned-desc': 'Learned latest first',
  'learned-asc': 'Learned earliest first',
  'spread-desc': 'Widest learned spread first',
  'forgetting-desc': 'Most forgotten first',
};
/** On validation digits the columns' own order is the training images'. */
export const VALIDATION_SORT_LABELS: Record<ExplorerSort, string> = { ...SORT_LABELS, index: 'Training-image order' };
