import { ActionIcon, Badge, Group, Menu, Table, Text, VisuallyHidden } from "@mantine/core";
import { IconArrowsExchange, IconDots, IconPencil, IconTrash } from "@tabler/icons-react";
import { useNavigate } from "@tanstack/react-router";
import type { AccountPublic } from "../../client/types.gen";
import { KIND_LABELS } from "./kinds";

function CashBadge({ account }: { account: AccountPublic }) {
  return account.track_cash ? (
    <Badge variant="dot" color="teal" size="sm" miw="max-content">
      Cash tracked
    </Badge>
  ) : (
    <Badge variant="dot" color="gray" size="sm" miw="max-content">
      Trades only
    </Badge>
  );
}

function AccountActions({
  account,
  onEdit,
  onDelete,
}: {
  account: AccountPublic;
  onEdit: (account: AccountPublic) => void;
  onDelete: (account: AccountPublic) => void;
}) {
  const navigate = useNavigate();
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${account.name}`}>
          <IconDots size={18} aria-hidden />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item
          leftSection={<IconArrowsExchange size={16} aria-hidden />}
          onClick={() => void navigate({ to: "/transactions", search: { account: [account.id] } })}
        >
          Show transactions
        </Menu.Item>
        <Menu.Item
          leftSection={<IconPencil size={16} aria-hidden />}
          onClick={() => onEdit(account)}
        >
          Edit…
        </Menu.Item>
        <Menu.Divider />
        <Menu.Item
          color="red"
          leftSection={<IconTrash size={16} aria-hidden />}
          onClick={() => onDelete(account)}
        >
          Delete…
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

/** The accounts: kind, currency and cash tracking; on a phone they fold under the name. */
export function AccountsTable({
  accounts,
  onEdit,
  onDelete,
}: {
  accounts: AccountPublic[];
  onEdit: (account: AccountPublic) => void;
  onDelete: (account: AccountPublic) => void;
}) {
  return (
    <Table verticalSpacing="sm" highlightOnHover aria-label="Accounts">
      <Table.Thead>
        <Table.Tr>
          <Table.Th w="100%">Account</Table.Th>
          <Table.Th visibleFrom="sm">Kind</Table.Th>
          <Table.Th visibleFrom="sm">Currency</Table.Th>
          <Table.Th visibleFrom="sm">Cash</Table.Th>
          <Table.Th w={56}>
            <VisuallyHidden>Actions</VisuallyHidden>
          </Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {accounts.map((account) => (
          <Table.Tr key={account.id} data-account={account.name}>
            <Table.Td>
              <Text fz="sm" fw={600} style={{ overflowWrap: "anywhere" }}>
                {account.name}
              </Text>
              <Group gap={6} mt={4} hiddenFrom="sm">
                <Badge variant="light" color="gray" size="sm">
                  {KIND_LABELS[account.kind]}
                </Badge>
                <Badge variant="outline" color="gray" size="sm">
                  {account.currency}
                </Badge>
                <CashBadge account={account} />
              </Group>
            </Table.Td>
            <Table.Td visibleFrom="sm">
              <Text fz="sm">{KIND_LABELS[account.kind]}</Text>
            </Table.Td>
            <Table.Td visibleFrom="sm">
              <Text fz="sm" ff="monospace">
                {account.currency}
              </Text>
            </Table.Td>
            <Table.Td visibleFrom="sm">
              <CashBadge account={account} />
            </Table.Td>
            <Table.Td>
              <AccountActions account={account} onEdit={onEdit} onDelete={onDelete} />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
