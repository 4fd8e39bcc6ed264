// `/sweeps`: the hyperparameter sweeps, fetched and polled on the client.
import type { Metadata } from 'next';
import { SweepsView } from '../../components/sweeps/sweeps-view';

export const metadata: Metadata = { title: 'Sweeps' };

export default function SweepsPage() {
  return <SweepsView />;
}
