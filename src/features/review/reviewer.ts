const REVIEWER_KEY = 'shelfwise.reviewer';

/** Who the review decisions are recorded as (set in Settings); "owner" until set. */
export function reviewerName(): string {
  return localStorage.getItem(REVIEWER_KEY)?.trim() || 'owner';
}

export function saveReviewerName(name: string): void {
  localStorage.setItem(REVIEWER_KEY, name);
}
