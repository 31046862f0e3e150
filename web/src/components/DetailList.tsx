import { DataList } from "@mantine/core";
import type { ReactNode } from "react";

interface Detail {
  label: string;
  value: ReactNode;
}

/** Label–value pairs as a description list (dl/dt/dd). */
export function DetailList({
  items,
  labelWidth = "11rem",
}: {
  items: Detail[];
  labelWidth?: string;
}) {
  return (
    <DataList labelWidth={labelWidth}>
      {items.map(({ label, value }) => (
        <DataList.Item key={label}>
          <DataList.ItemLabel>{label}</DataList.ItemLabel>
          <DataList.ItemValue style={{ overflowWrap: "anywhere", minWidth: 0 }}>
            {value}
          </DataList.ItemValue>
        </DataList.Item>
      ))}
    </DataList>
  );
}
