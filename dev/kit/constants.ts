/**
 * The one set of made-up credentials and names the tests, the bench and the shell give the Slack stand-in,
 * the sandbox lenders and loanbot. None of them is a secret: everything runs on loopback.
 */
export const SIGNING_SECRET = 'e2e-signing-secret-0123456789';
export const BOT_TOKEN = 'xoxb-e2e-bot-token';
export const APP_TOKEN = 'xapp-e2e-app-token';
export const CG_TOKEN = 'cg-e2e-auth-token-secret';
export const CG_ROLE = 'collections-agent';
/** The sandbox Apollo's credentials when one is started for the app. */
export const APOLLO = { clientId: 'e2e-apollo-client', clientSecret: 'e2e-apollo-secret-0123', apiKey: 'e2e-apollo-api-key-4567', partnerTag: 'LOANBOT-E2E' } as const;

/** The stand-in workspace's default channel and user (Asha, an agent), and the alerts channel. */
export const CHANNEL = 'C0COLLECT';
export const ALERTS_CHANNEL = 'C0ALERTS';
export const ASHA = 'U01ASHA';
