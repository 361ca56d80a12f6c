/** Sign-in and accounts: the server's own schemas, so that the client and the API cannot drift. */
export {
  signInSchema,
  userInputSchema,
  userPatchSchema,
} from '../../../../src/modules/identity/identity.schemas.ts';
