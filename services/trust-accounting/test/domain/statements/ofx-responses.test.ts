import { parseOfx } from '../../../src/domain/statements/ofx';
import { fixture, refusal } from './fixtures';

describe('an OFX error response is not a statement', () => {
  it("refuses a bank's error status, quoting it", () => {
    expect(refusal(() => parseOfx(fixture('ofx_bank_error.ofx')))).toEqual({
      'STMTTRNRS.STATUS': expect.stringContaining('2003 (ERROR): Account not found'),
    });
  });

  it('refuses a sign-on failure, quoting it', () => {
    expect(refusal(() => parseOfx(fixture('ofx_signon_failure.ofx')))).toEqual({
      'SONRS.STATUS': expect.stringContaining('15500 (ERROR): Signon invalid'),
    });
  });

  it('refuses a response that holds no statement', () => {
    expect(refusal(() => parseOfx(fixture('ofx_no_statement.ofx')))).toEqual({
      STMTRS: expect.stringContaining('no statement'),
    });
  });
});
