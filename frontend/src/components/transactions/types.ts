// The transaction types as people read them, and what each does to cash (ARCHITECTURE §5).
import type { TransactionPublic, TransactionType } from "../../client/types.gen";
import { addDecimals, multiplyDecimals, negateDecimal, subtractDecimals } from "../../decimal";

export const TYPES: readonly TransactionType[] = [
  "BUY",
  "SELL",
  "DIVIDEND",
  "INTEREST",
  "DEPOSIT",
  "WITHDRAWAL",
  "FEE",
  "TAX",
  "TRANSFER_IN",
  "TRANSFER_OUT",
];

export const TYPE_LABELS: Record<TransactionType, string> = {
  BUY: "Buy",
  SELL: "Sell",
  DIVIDEND: "Dividend",
  INTEREST: "Interest",
  FEE: "Fee",
  TAX: "Tax",
  DEPOSIT: "Deposit",
  WITHDRAWAL: "Withdrawal",
  TRANSFER_IN: "Transfer in",
  TRANSFER_OUT: "Transfer out",
};

export const TYPE_COLORS: Record<TransactionType, string> = {
  BUY: "teal",
  SELL: "red",
  DIVIDEND: "grape",
  INTEREST: "grape",
  FEE: "orange",
  TAX: "orange",
  DEPOSIT: "blue",
  WITHDRAWAL: "blue",
  TRANSFER_IN: "gray",
  TRANSFER_OUT: "gray",
};

export const TYPE_OPTIONS = TYPES.map((type) => ({ value: type, label: TYPE_LABELS[type] }));

export function isTransactionType(value: unknown): value is TransactionType {
  return typeof value === "string" && (TYPES as readonly string[]).includes(value);
}

/**
 * What a transaction does to the cash of its account, in its currency: + received, − paid.
 * Transfers move units, not cash (null).
 */
export function cashEffect(
  txn: Pick<TransactionPublic, "type" | "amount" | "fee" | "tax" | "quantity" | "price">,
): string | null {
  const amount = txn.amount ?? "0";
  // A trade's amount may be left out (imports, the demo): it is quantity × price.
  const gross =
    txn.amount ?? (txn.quantity && txn.price ? multiplyDecimals(txn.quantity, txn.price) : "0");
  switch (txn.type) {
    case "BUY":
      return negateDecimal(addDecimals(gross, txn.fee, txn.tax));
    case "SELL":
      return subtractDecimals(gross, txn.fee, txn.tax);
    case "DIVIDEND":
    case "INTEREST":
      return subtractDecimals(amount, txn.tax);
    case "FEE":
    case "TAX":
    case "WITHDRAWAL":
      return negateDecimal(amount);
    case "DEPOSIT":
      return amount;
    default:
      return null;
  }
}
