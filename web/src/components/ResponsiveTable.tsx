import { Box, Paper, Table, Text } from "@mantine/core";
import type { ReactNode } from "react";
import { DetailList } from "./DetailList";
import { useIsPhone } from "./useIsPhone";

export interface Column<T> {
  header: string;
  cell: (row: T) => ReactNode;
  /** Right-aligned (amounts, counts). */
  numeric?: boolean;
  /** Kept on one line in the table (numbers, dates, badges); cards wrap as needed. */
  nowrap?: boolean;
}

interface ResponsiveTableProps<T> {
  /** Accessible name of the table (or of the card list on phones). */
  label: string;
  rows: readonly T[];
  rowKey: (row: T, index: number) => string;
  /** The first column names the row; on phones it becomes the card's title. */
  columns: readonly Column<T>[];
}

/**
 * A table on wider screens; at phone width a list of cards, one per row, with the other columns
 * as label–value pairs. Only one of the two is rendered, so each value exists once in the page.
 */
export function ResponsiveTable<T>({ label, rows, rowKey, columns }: ResponsiveTableProps<T>) {
  const isPhone = useIsPhone();
  const [first, ...rest] = columns;
  if (first === undefined) return null;

  if (isPhone) {
    return (
      <Box component="ul" aria-label={label} p={0} m={0} style={{ listStyle: "none" }}>
        {rows.map((row, index) => (
          <Paper component="li" key={rowKey(row, index)} withBorder p="sm" mb="sm">
            <Text fw={700} mb="xs">
              {first.cell(row)}
            </Text>
            <DetailList
              labelWidth="40%"
              items={rest.map((column) => ({ label: column.header, value: column.cell(row) }))}
            />
          </Paper>
        ))}
      </Box>
    );
  }

  return (
    // Focusable so that keyboard users can scroll a table wider than the screen.
    <Box role="region" aria-label={label} tabIndex={0} style={{ overflowX: "auto" }}>
      <Table striped highlightOnHover verticalSpacing="xs" aria-label={label}>
        <Table.Thead>
          <Table.Tr>
            {columns.map((column) => (
              <Table.Th key={column.header} scope="col" ta={column.numeric ? "right" : undefined}>
                {column.header}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row, index) => (
            <Table.Tr key={rowKey(row, index)}>
              {columns.map((column) => (
                <Table.Td
                  key={column.header}
                  ta={column.numeric ? "right" : undefined}
                  style={column.nowrap ? { whiteSpace: "nowrap" } : undefined}
                >
                  {column.cell(row)}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Box>
  );
}
