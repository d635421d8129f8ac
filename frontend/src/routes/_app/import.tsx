import { IconFileImport } from "@tabler/icons-react";
import { createFileRoute } from "@tanstack/react-router";
import { EmptyState } from "../../components/EmptyState";
import { PageHeader } from "../../components/PageHeader";

export const Route = createFileRoute("/_app/import")({
  component: ImportPage,
});

function ImportPage() {
  return (
    <>
      <PageHeader
        title="Import"
        description="Bring in transactions from a CSV file or restore a PMS backup"
      />
      <EmptyState icon={<IconFileImport size={28} stroke={1.6} />} title="Import transactions">
        Choose a CSV export from your broker or a PMS JSON backup. Every row is checked and shown in
        a preview, with its errors, before anything is saved.
      </EmptyState>
    </>
  );
}
