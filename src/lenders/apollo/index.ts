/**
 * Apollo Finvest: the Loan Update client (OAuth2 client-credentials token + x-api-key).
 *
 *   const apollo = createApolloClient({ ...config.apollo, logger });
 *   const checked = validateApolloUpdate(input, config.apollo.partnerTag); // src/domain/apollo-rules.ts
 *   if (checked.ok) await apollo.updateLoan('Tesst001', checked.body);
 */
export { createApolloClient, updateUrlFor } from './client.ts';
export type { ApolloClient, ApolloClientOptions, ApolloOperation } from './client.ts';
export { apolloUpdateBodySchema, parseApolloUpdateBody } from './schemas.ts';
export type { ApolloUpdateBody } from './schemas.ts';
