/** What a paged list's query gives the button that loads its next page. */
interface Paged {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage(): Promise<unknown>;
}

/** Loads a paged list's next page, while there is one; says `loading` (when given) while it comes. */
export function MorePages({ query, label, loading }: { query: Paged; label: string; loading?: string }) {
  if (!query.hasNextPage) return null;
  return (
    <button type="button" onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage}>
      {query.isFetchingNextPage && loading ? loading : label}
    </button>
  );
}
