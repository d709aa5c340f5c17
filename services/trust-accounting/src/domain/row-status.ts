import { ConflictError, NotFoundError } from '@lexfin/platform/errors';

export function knownDeposit<Deposit>(deposit: Deposit | undefined, depositId: string): Deposit {
  if (!deposit) throw new NotFoundError(`Deposit ${depositId} does not exist`, { depositId });
  return deposit;
}

/** A deposit may be cleared, returned or reversed only from the states named in `from`. */
export function requireDepositIn<Deposit extends { id: string; status: string }>(
  deposit: Deposit,
  from: readonly string[],
  action: string,
): Deposit {
  if (!from.includes(deposit.status)) {
    throw new ConflictError(`Deposit ${deposit.id} is ${deposit.status} and cannot be ${action}`, {
      depositId: deposit.id,
      status: deposit.status,
    });
  }
  return deposit;
}

/** Only a disbursement waiting for its second person may be approved or rejected. */
export function requirePendingDisbursement<Disbursement extends { id: string; status: string }>(
  disbursement: Disbursement,
  action: string,
): Disbursement {
  if (disbursement.status !== 'PENDING_APPROVAL') {
    throw new ConflictError(
      `Disbursement ${disbursement.id} is ${disbursement.status} and cannot be ${action}`,
      { disbursementId: disbursement.id, status: disbursement.status },
    );
  }
  return disbursement;
}
