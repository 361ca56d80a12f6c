/** Request and response shapes of the identity module, shared by the API and the web client. */
import { z } from 'zod';
import { ROLES } from './domain/permissions.ts';

export const signInSchema = z.object({
  login: z
    .string({ error: "l'identifiant est obligatoire" })
    .trim()
    .min(1, { message: "l'identifiant est obligatoire" })
    .max(100),
  password: z
    .string({ error: 'le mot de passe est obligatoire' })
    .min(1, { message: 'le mot de passe est obligatoire' })
    .max(200),
});

const passwordField = z
  .string()
  .min(12, { message: 'le mot de passe doit comporter au moins 12 caractères' })
  .max(200, { message: 'le mot de passe ne doit pas dépasser 200 caractères' });

const userFields = {
  login: z
    .string({ error: "l'identifiant est obligatoire" })
    .trim()
    .min(2, { message: "l'identifiant comporte au moins 2 caractères" })
    .max(100)
    .regex(/^[a-zA-Z0-9._@-]+$/, {
      message: "l'identifiant ne contient que lettres, chiffres, point, tiret, @ et _",
    }),
  displayName: z
    .string({ error: 'le nom est obligatoire' })
    .trim()
    .min(2, { message: 'le nom est obligatoire' })
    .max(200),
  role: z.enum(ROLES, { error: `rôle attendu : ${ROLES.join(', ')}` }),
  territories: z.array(z.string().min(1).max(64)).max(50),
};

export const userInputSchema = z.object({
  ...userFields,
  territories: userFields.territories.default([]),
  password: passwordField,
});
export type UserInput = z.output<typeof userInputSchema>;

export const userPatchSchema = z.object({
  displayName: userFields.displayName.optional(),
  role: userFields.role.optional(),
  territories: userFields.territories.optional(),
  active: z.boolean().optional(),
  password: passwordField.optional(),
  version: z.number({ error: 'la version lue est obligatoire (verrouillage optimiste)' }).int().positive(),
});
export type UserPatch = z.output<typeof userPatchSchema>;
