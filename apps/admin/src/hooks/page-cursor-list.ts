import {
  keepPreviousData,
  useInfiniteQuery,
  type InfiniteData,
  type QueryKey,
} from '@tanstack/react-query';

/**
 * A cursor-paged list: each page fetched with the cursor the previous one handed out, and the
 * items of every page loaded so far, in order.
 */
export function useCursorList<TPage extends { items: unknown[] }, TCursor = string>(options: {
  queryKey: QueryKey;
  fetchPage: (cursor: TCursor | undefined) => Promise<TPage>;
  nextCursor: (page: TPage) => TCursor | null | undefined;
  enabled?: boolean;
  refetchInterval?: number;
  /** Keep showing the previous filters' rows while new ones load. */
  keepPrevious?: boolean;
}) {
  const query = useInfiniteQuery<TPage, Error, InfiniteData<TPage>, QueryKey, TCursor | undefined>({
    queryKey: options.queryKey,
    queryFn: ({ pageParam }) => options.fetchPage(pageParam as TCursor | undefined),
    initialPageParam: undefined as TCursor | undefined,
    getNextPageParam: (last) => options.nextCursor(last) ?? undefined,
    ...(options.keepPrevious ? { placeholderData: keepPreviousData } : {}),
    ...(options.refetchInterval ? { refetchInterval: options.refetchInterval } : {}),
    ...(options.enabled === undefined ? {} : { enabled: options.enabled }),
  });
  const items = (query.data?.pages.flatMap((page) => page.items) ?? []) as TPage['items'];
  return { query, items };
}
