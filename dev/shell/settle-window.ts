/**
 * The shell's settle window (LOANBOT_SETTLE_WINDOW_MS): 5 s instead of production's 120 s, so a failed
 * payment that may still be on its way (a timeout, a 504) gets its final check while someone watches. A
 * lender's own error (a 500) is checked and sent again at once, as in production. Nothing else about the outbox
 * changes (3 tries a run, 20 s then 60 s apart). The banner and `help` say so.
 */
export const SHELL_SETTLE_WINDOW_MS = 5_000;

export const SETTLE_WINDOW_NOTE =
  `A write that may still be on its way to a lender (a timeout, a 504) gets its final check ${SHELL_SETTLE_WINDOW_MS / 1000} s later here ` +
  '(LOANBOT_SETTLE_WINDOW_MS; 120 s by default with npm start); wait 6s lets time pass.';
