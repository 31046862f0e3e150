import { Button, Group } from "@mantine/core";
import { useTranslation } from "react-i18next";

/** "Load more" under a keyset-paged list (an infinite query); nothing when there is no next page. */
export function LoadMore({
  query,
}: {
  query: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => unknown };
}) {
  const { t } = useTranslation();
  if (!query.hasNextPage) return null;
  return (
    <Group mt="md">
      <Button
        variant="default"
        loading={query.isFetchingNextPage}
        onClick={() => void query.fetchNextPage()}
      >
        {t("common.loadMore")}
      </Button>
    </Group>
  );
}
