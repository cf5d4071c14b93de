/**
 * The shell's settle window (LOANBOT_SETTLE_WINDOW_MS): 5 s instead of production's 120 s, so a failed
 * payment's "loanbot checks the loan at …" arrives while someone watches. Nothing else about the outbox
 * changes (3 tries a run, 20 s then 60 s apart). The banner and `help` say so.
 */
export const SHELL_SETTLE_WINDOW_MS = 5_000;

export const SETTLE_WINDOW_NOTE =
  `Writes that may have reached a lender are checked ${SHELL_SETTLE_WINDOW_MS / 1000} s later here ` +
  '(LOANBOT_SETTLE_WINDOW_MS; 120 s by default with npm start); wait 6s lets time pass.';
