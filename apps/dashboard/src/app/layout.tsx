// The shell every page shares: top bar, the URL-state (nuqs) and tRPC/react-query providers, and the global stylesheet.
import type { Metadata } from 'next';
import { NuqsAdapter } from 'nuqs/adapters/next/app';
import type { ReactNode } from 'react';
import { SiteHeader } from '../components/common/site-header';
import { TRPCReactProvider } from '../trpc/react';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'mnist-lab', template: '%s · mnist-lab' },
  description: 'Track, compare and inspect MNIST digit classifier runs.',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <NuqsAdapter>
          <TRPCReactProvider>
            <SiteHeader />
            <main className="page">{children}</main>
          </TRPCReactProvider>
        </NuqsAdapter>
      </body>
    </html>
  );
}
