// The address this dashboard is served from, for copy-paste commands; hydration-safe (server renders the default).
import { useSyncExternalStore } from 'react';

// The origin never changes while the page is open, so there is nothing to subscribe to.
const noSubscription = () => () => undefined;

export function useOrigin(fallback = 'http://localhost:3000'): string {
  return useSyncExternalStore(noSubscription, () => window.location.origin, () => fallback);
}
