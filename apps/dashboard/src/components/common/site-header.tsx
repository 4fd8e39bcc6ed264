'use client';
// The top bar: brand and the pages a user goes to, the current one marked for screen readers too; it wraps on a phone.
import { Link } from './app-link';
import { usePathname } from 'next/navigation';
import { SessionControl } from '../session/session-control';

const LINKS = [
  { href: '/', label: 'Runs', match: (p: string) => p === '/' || p.startsWith('/runs') },
  { href: '/sweeps', label: 'Sweeps', match: (p: string) => p.startsWith('/sweeps') },
  { href: '/compare', label: 'Compare', match: (p: string) => p.startsWith('/compare') },
  { href: '/hard-digits', label: 'Hard digits', match: (p: string) => p.startsWith('/hard-digits') },
  { href: '/digits', label: 'Digits', match: (p: string) => p.startsWith('/digits') },
  { href: '/playground', label: 'Playground', match: (p: string) => p.startsWith('/playground') },
];

export function SiteHeader() {
  const pathname = usePathname() ?? '/';
  return (
    <header className="topbar">
      <Link href="/" className="brand">
        <span className="brand-mark" aria-hidden>
          7
        </span>
        mnist-lab
      </Link>
      <nav className="topnav" aria-label="Main">
        {LINKS.map((l) => (
          <Link key={l.href} href={l.href} aria-current={l.match(pathname) ? 'page' : undefined}>
            {l.label}
          </Link>
        ))}
      </nav>
      <SessionControl />
    </header>
  );
}
