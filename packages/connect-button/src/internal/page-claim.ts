// One Pluggy Connect widget per page: the SDK's zoid component is a page-wide singleton and its modal
// locks the page, so a second button must not open a second frame.
let owner: object | undefined;

export function claimPage(claimant: object): boolean {
  if (owner && owner !== claimant) return false;
  owner = claimant;
  return true;
}

export function releasePage(claimant: object): void {
  if (owner === claimant) owner = undefined;
}
