import { Group, Pagination, Text } from "@mantine/core";

/** "21–25 of 49" and the page buttons, when there is more than one page. */
export function Pager({
  page,
  pageSize,
  total,
  onPage,
  noun,
}: {
  page: number;
  pageSize: number;
  total: number;
  onPage: (page: number) => void;
  noun: string;
}) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(total, page * pageSize);
  return (
    <Group justify="space-between" mt="md" gap="sm">
      <Text fz="sm" c="dimmed" className="pms-figures">
        {total === 0 ? `No ${noun}` : `${first}–${last} of ${total} ${noun}`}
      </Text>
      {pages > 1 ? (
        <Pagination
          total={pages}
          value={Math.min(page, pages)}
          onChange={onPage}
          size="sm"
          siblings={1}
          boundaries={1}
          getControlProps={(control) => ({
            "aria-label":
              control === "next" ? "Next page" : control === "previous" ? "Previous page" : control,
          })}
          getItemProps={(item) => ({ "aria-label": `Page ${item}` })}
        />
      ) : null}
    </Group>
  );
}
