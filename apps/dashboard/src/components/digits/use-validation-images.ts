'use client';
// Pictures of the validation digits in view, by training-image index, a page of rows at a time (as useDigitImages).
import { useQueries } from '@tanstack/react-query';
import { useTRPC } from '../../trpc/react';
import { IMAGE_PAGE } from './use-digit-images';

/** Base64 pixels by training-image index for the pages of `sources` (in row order) that rows [first, last] fall in. */
export function useValidationImages(runIds: readonly string[], sources: Int32Array, first: number, last: number): Map<number, string> {
  const trpc = useTRPC();
  const pages: number[] = [];
  if (sources.length > 0 && last >= first) for (let p = Math.floor(first / IMAGE_PAGE); p <= Math.floor(last / IMAGE_PAGE); p++) pages.push(p);
  const results = useQueries({
    queries: pages.map((p) => ({
      ...trpc.digits.validationImages.queryOptions({ runIds: [...runIds], sourceIndices: Array.from(sources.subarray(p * IMAGE_PAGE, (p + 1) * IMAGE_PAGE)) }),
      staleTime: Infinity,
    })),
  });
  const images = new Map<number, string>();
  for (const r of results) for (const img of r.data ?? []) if (img.pixels) images.set(img.sourceIndex, img.pixels);
  return images;
}
