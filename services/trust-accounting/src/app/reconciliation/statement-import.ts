import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { BadUserInputError } from '@lexfin/platform';
import { moneyOutput, type MoneyOutput } from '@lexfin/subgraph';
import { allow, runCommand } from '@lexfin/service-kit';
import { bankAccountStatement } from '../../domain/statements/account-match';
import type { CsvMapping } from '../../domain/statements/csv';
import { parseStatement, type StatementFormat } from '../../domain/statements/parse-statement';
import type { TrustScope } from '../trust-scope';
import { loadAccount } from '../lookup';
import { TRUST_BOOKKEEPERS } from '../roles';

export interface ImportBankStatementInput {
  trustAccountId: string;
  format: StatementFormat;
  fileName: string;
  content: string;
  csvMapping: CsvMapping;
}

export interface StatementImportView {
  statementId: string;
  format: string;
  linesInFile: number;
  imported: number;
  /** Lines already imported from an earlier file (same bank reference): skipped. */
  duplicates: number;
  closingBalance: MoneyOutput | null;
}

/**
 * Imports a statement file whole or not at all: it is parsed completely before anything is
 * written, and the lines go in with one statement that skips bank references already known.
 * Of a file with several accounts, only this trust account's statement is imported.
 */
export function importBankStatement(
  trust: TrustScope,
  idempotencyKey: string,
  input: ImportBankStatementInput,
): Promise<StatementImportView> {
  allow(trust.caller, TRUST_BOOKKEEPERS);
  const request = { operation: 'importBankStatement', idempotencyKey, input };
  return runCommand(trust.db, trust.caller, request, async (tx) => {
    const account = await loadAccount(tx, input.trustAccountId);
    const parsed = bankAccountStatement(
      parseStatement(input.format, input.content, account.currency, input.csvMapping),
      {
        accountNumber: account.account_number_sealed
          ? trust.accountNumbers.open(account.account_number_sealed, account.id)
          : null,
        bankId: account.bank_id,
        accountLast4: account.account_last4,
      },
    );
    if (parsed.currency !== null && parsed.currency !== account.currency) {
      throw new BadUserInputError({
        content: `the statement is in ${parsed.currency} but trust account ${account.id} holds ${account.currency}`,
      });
    }
    const statementId = randomUUID();
    const lines = parsed.lines;
    await tx
      .insertInto('bank_statements')
      .values({
        firm_id: account.firm_id,
        id: statementId,
        trust_account_id: account.id,
        format: input.format,
        file_name: input.fileName,
        closing_balance_minor: parsed.closingBalanceMinor,
        line_count: lines.length,
        duplicate_count: 0,
        imported_by: trust.caller.userId,
      })
      .execute();
    const { rows } = await sql<{ imported: string }>`
      with added as (
        insert into bank_statement_lines
          (firm_id, id, trust_account_id, statement_id, bank_reference, posted_on, amount_minor, description, check_number)
        select ${account.firm_id}::uuid, gen_random_uuid(), ${account.id}::uuid, ${statementId}::uuid, *
        from unnest(
          ${lines.map((line) => line.bankReference)}::text[], ${lines.map((line) => line.postedOn)}::date[],
          ${lines.map((line) => line.amountMinor.toString())}::bigint[], ${lines.map((line) => line.description)}::text[],
          ${lines.map((line) => line.checkNumber)}::text[]
        )
        on conflict (trust_account_id, bank_reference) do nothing
        returning 1
      )
      select count(*)::text as imported from added`.execute(tx);
    const imported = Number(rows[0]!.imported);
    await tx
      .updateTable('bank_statements')
      .set({ duplicate_count: lines.length - imported })
      .where('id', '=', statementId)
      .execute();
    return {
      statementId,
      format: input.format,
      linesInFile: lines.length,
      imported,
      duplicates: lines.length - imported,
      closingBalance:
        parsed.closingBalanceMinor === null
          ? null
          : moneyOutput(parsed.closingBalanceMinor, account.currency),
    };
  });
}
