import {
  ActionIcon,
  Button,
  Group,
  Paper,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconTrash } from "@tabler/icons-react";
import { useAddSplit, useDeleteSplit } from "../../api/instruments";
import type { InstrumentPublic, SplitPublic } from "../../client/types.gen";
import { notifySuccess, reportError } from "../../feedback";
import { type Formatter, localToday } from "../../format";

interface Values {
  date: string;
  numerator: string;
  denominator: string;
}

/** "4-for-1" (four new units for one old), "1-for-10" (a reverse split). */
export function splitLabel(split: Pick<SplitPublic, "numerator" | "denominator">): string {
  return `${split.numerator}-for-${split.denominator}`;
}

function wholeNumber(value: string): string | null {
  if (!/^\d+$/.test(value.trim())) return "Enter a whole number";
  const n = Number(value);
  return n >= 1 && n <= 1_000_000 ? null : "Between 1 and 1,000,000";
}

export function SplitsCard({
  instrument,
  splits,
  fmt,
}: {
  instrument: InstrumentPublic;
  splits: SplitPublic[];
  fmt: Formatter;
}) {
  const add = useAddSplit();
  const remove = useDeleteSplit();
  const editable = instrument.is_own;
  const today = localToday();
  const form = useForm<Values>({
    initialValues: { date: today, numerator: "", denominator: "1" },
    validate: {
      date: (value) =>
        !/^\d{4}-\d{2}-\d{2}$/.test(value)
          ? "Enter the date"
          : value > today
            ? "The date must not be in the future"
            : null,
      numerator: wholeNumber,
      denominator: wholeNumber,
    },
  });
  const path = { instrument_id: instrument.id };
  const submit = form.onSubmit((values) => {
    const body = {
      date: values.date,
      numerator: Number(values.numerator),
      denominator: Number(values.denominator),
    };
    add.mutate(
      { path, body },
      {
        onSuccess: (split) => {
          notifySuccess(
            `${splitLabel(split)} split on ${fmt.date(split.date)} added.`,
            "Split added",
          );
          form.reset();
        },
        onError: (error) =>
          reportError(error, form, {
            date: "date",
            numerator: "numerator",
            denominator: "denominator",
          }),
      },
    );
  });

  return (
    <Paper withBorder p={{ base: "sm", sm: "md" }}>
      <Title order={2} fz="md">
        Splits
      </Title>
      <Text fz="xs" c="dimmed" mb="sm">
        A split multiplies the units held before its date; their total cost stays the same.
      </Text>
      {splits.length === 0 ? (
        <Text fz="sm" c="dimmed" mb={editable ? "md" : 0}>
          No splits recorded.
        </Text>
      ) : (
        <Table verticalSpacing={4} aria-label="Splits" mb={editable ? "md" : 0}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Date</Table.Th>
              <Table.Th>Split</Table.Th>
              <Table.Th>Source</Table.Th>
              {editable ? (
                <Table.Th w={40}>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              ) : null}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {splits.map((split) => (
              <Table.Tr key={split.id}>
                <Table.Td>{fmt.date(split.date)}</Table.Td>
                <Table.Td>{splitLabel(split)}</Table.Td>
                <Table.Td c="dimmed">{split.source}</Table.Td>
                {editable ? (
                  <Table.Td>
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={`Delete the ${splitLabel(split)} split of ${fmt.date(split.date)}`}
                      loading={remove.isPending && remove.variables?.path.split_id === split.id}
                      onClick={() =>
                        remove.mutate(
                          { path: { instrument_id: instrument.id, split_id: split.id } },
                          { onError: (error) => reportError(error) },
                        )
                      }
                    >
                      <IconTrash size={16} aria-hidden />
                    </ActionIcon>
                  </Table.Td>
                ) : null}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {editable ? (
        <form onSubmit={submit} noValidate aria-label="Add a split">
          <Group align="flex-start" gap="sm" wrap="wrap">
            <TextInput
              type="date"
              label="Split date"
              required
              max={today}
              w={170}
              {...form.getInputProps("date")}
            />
            <TextInput
              label="New units"
              required
              inputMode="numeric"
              placeholder="4"
              w={110}
              {...form.getInputProps("numerator")}
            />
            <TextInput
              label="For old units"
              required
              inputMode="numeric"
              w={110}
              {...form.getInputProps("denominator")}
            />
            <Button type="submit" variant="light" mt={25} loading={add.isPending}>
              Add split
            </Button>
          </Group>
        </form>
      ) : null}
    </Paper>
  );
}
