// The dashboard's links: Next's <Link> without prefetching. The pages draw from tRPC data in the browser, so a
// prefetched server payload saves little on click, and it costs a request per link in view: measured here, the
// compare page of 50 runs sent about 60 prefetches (/runs/<id>?_rsc, the top bar's pages) while its own data loaded,
// and the run page 8 before its first API request. Next's default cannot be changed globally, hence this wrapper
// (eslint's no-restricted-imports points here from next/link).
import NextLink from 'next/link';
import type { ComponentProps } from 'react';

export function Link(props: ComponentProps<typeof NextLink>) {
  return <NextLink prefetch={false} {...props} />;
}
