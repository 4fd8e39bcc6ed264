'use client';
// Pictures of the digits in view, fetched a page of rows at a time (one request per 50 digits, each cached).
import { useQueries } from '@tanstack/react-query';
import { useTRPC } from '../../trpc/react';

export const IMAGE_PAGE = 50;

/** Base64 pixels by test index for the pages of `order` that rows [first, last] fall in. */
export function useDigitImages(runIds: readonly string[], order: Int32Array, first: number, last: number): Map<number, string> {
  const trpc = useTRPC();
  const pages: number[] = [];
  if (order.length > 0 && last >= first) for (let p = Math.floor(first / IMAGE_PAGE); p <= Math.floor(last / IMAGE_PAGE); p++) pages.push(p);
  const results = useQueries({
    queries: pages.map((p) => ({
      ...trpc.digits.images.queryOptions({ runIds: [...runIds], indices: Array.from(order.subarray(p * IMAGE_PAGE, (p + 1) * IMAGE_PAGE)) }),
      staleTime: Infinity,
    })),
  });
  const images = new Map<number, string>();
  for (const r of results) for (const img of r.data ?? []) if (img.pixels) images.set(img.index, img.pixels);
  return images;
}
