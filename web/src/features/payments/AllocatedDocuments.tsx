import { Anchor, List } from "@mantine/core";
import { Link } from "react-router";
import type { PaymentAllocation } from "../../api/types";
import { NoValue } from "../../components/NoValue";
import { useFormat } from "../../i18n/format";

/** The documents a payment paid, each linked, with the amount when it paid several. */
export function AllocatedDocuments({
  allocations,
  documentPath,
}: {
  allocations: readonly PaymentAllocation[];
  documentPath: (id: string) => string;
}) {
  const format = useFormat();
  if (allocations.length === 0) return <NoValue />;
  return (
    <List size="sm" listStyleType="none" spacing={2}>
      {allocations.map((allocation) => (
        <List.Item key={allocation.documentId}>
          <Anchor component={Link} to={documentPath(allocation.documentId)}>
            {allocation.number}
          </Anchor>
          {allocations.length > 1 && ` · ${format.money(allocation.amount)}`}
        </List.Item>
      ))}
    </List>
  );
}
