/**
 * Test fixture: the Commission Permanente du Pas-de-Calais of 12 June 2023 as printed in
 * délibération n°2023-259 (attendance, the 13 members "intéressés à l'affaire", the vote).
 *
 * What the text gives: the names, civilities and order of the attendance lists, who was present,
 * excused, absent, or attended without voting right, and who was conflicted.
 *
 * What the text does NOT give, and is invented here so that the printed results come out as in the
 * text: the members' political groups (assigned so that the group lists of "Pour", "Abstention" and
 * "Absents sans délégation de vote" match the deliberation; this is a test fixture, not data about
 * these élus), and the holders of the four delegations of vote (the deliberation does not publish
 * them; present members who are not conflicted were chosen). The ids are invented too.
 */

import type { Attendance, Member, VoteChoice } from './tally.ts';

export const SRC = 'Groupe Socialiste, Républicain et Citoyen';
export const PCF = 'Groupe Communiste et Républicain';
export const UNION = 'Groupe Union pour le Pas-de-Calais';
export const RN = 'Groupe Rassemblement National';
export const NI = 'Non-inscrit';

export const SPEC_GROUP_ORDER: readonly string[] = [SRC, PCF, UNION, RN, NI];

type Row = [id: string, civility: Member['civility'], name: string, group: string];

const PRESENT: Row[] = [
  ['leroy', 'M.', 'Jean-Claude LEROY', SRC],
  ['hingrez', 'Mme', 'Mireille HINGREZ-CÉRÉDA', SRC],
  ['maciejasz', 'M.', 'Daniel MACIEJASZ', SRC],
  ['cuvillier', 'Mme', 'Valérie CUVILLIER', SRC],
  ['drain', 'Mme', 'Blandine DRAIN', SRC],
  ['cauwet', 'Mme', 'Maryse CAUWET', SRC],
  ['loquet', 'M.', 'Ludovic LOQUET', SRC],
  ['messeanne', 'Mme', 'Bénédicte MESSEANNE-GROBELNY', SRC],
  ['dissaux', 'M.', 'Jean-Claude DISSAUX', SRC],
  ['louchaert', 'Mme', 'Laurence LOUCHAERT', SRC],
  ['duporge', 'M.', 'Laurent DUPORGE', SRC],
  ['gauthier', 'Mme', 'Karine GAUTHIER', PCF],
  ['mequignon', 'M.', 'Alain MEQUIGNON', SRC],
  ['nachel', 'Mme', 'Evelyne NACHEL', SRC],
  ['wozny', 'Mme', 'Florence WOZNY', SRC],
  ['matrat', 'Mme', 'Caroline MATRAT', SRC],
  ['chochois', 'M.', 'Sébastien CHOCHOIS', SRC],
  ['warot', 'Mme', 'Sophie WAROT-LEMAIRE', SRC],
  ['kuchcinski', 'M.', 'André KUCHCINSKI', SRC],
  ['ait', 'Mme', 'Fatima AIT-CHIKHEBBIH', SRC],
  ['dubois', 'Mme', 'Carole DUBOIS', SRC],
  ['barbarin', 'M.', 'Olivier BARBARIN', PCF],
  ['ouaguef', 'Mme', 'Zohra OUAGUEF', SRC],
  ['perin', 'M.', 'Etienne PERIN', SRC],
  ['delassus', 'Mme', 'Maryse DELASSUS', SRC],
  ['bachelet', 'M.', 'Claude BACHELET', UNION],
  ['mulot', 'Mme', 'Maïté MULOT-FRISCOURT', UNION],
  ['cousein', 'M.', 'Bruno COUSEIN', UNION],
  ['lapouille', 'Mme', 'Emmanuelle LAPOUILLE', UNION],
  ['meyfroidt', 'Mme', 'Sylvie MEYFROIDT', UNION],
  ['passebosc', 'Mme', 'Brigitte PASSEBOSC', UNION],
  ['lemaire', 'M.', 'François LEMAIRE', UNION],
  ['sarpaux', 'M.', 'Marc SARPAUX', NI],
  ['plouviez', 'Mme', 'Marie-Line PLOUVIEZ', SRC],
  ['briois', 'M.', 'Steeve BRIOIS', RN],
  ['pajot', 'M.', 'Ludovic PAJOT', RN],
  ['hocq', 'M.', 'René HOCQ', PCF],
];

/** Excused members and the (unpublished, chosen) holders of their delegations of vote. */
const EXCUSED: [...Row, holder: string][] = [
  ['georget', 'M.', 'Pierre GEORGET', SRC, 'maciejasz'],
  ['fait', 'M.', 'Philippe FAIT', UNION, 'cousein'],
  ['malfait', 'M.', 'Alexandre MALFAIT', SRC, 'loquet'],
  ['melchior', 'M.', 'Frédéric MELCHIOR', SRC, 'dissaux'],
];

const ABSENT: Row[] = [
  ['cottel', 'M.', 'Jean-Jacques COTTEL', SRC],
  ['guiselain', 'Mme', 'Stéphanie GUISELAIN', UNION],
];

const PRESENT_WITHOUT_VOTE: Row[] = [
  ['cottigny', 'M.', 'Jean-Louis COTTIGNY', SRC],
  ['leveugle', 'Mme', 'Emmanuelle LEVEUGLE', SRC],
  ['petit', 'M.', 'Bertrand PETIT', SRC],
  ['tellier', 'M.', 'Jean-Marc TELLIER', PCF],
];

const EXCUSED_WITHOUT_VOTE: Row[] = [['dagbert', 'M.', 'Michel DAGBERT', SRC]];

/** In the order of the deliberation's sentence: the women, then the men. */
export const SPEC_CONFLICTED: readonly string[] = [
  'hingrez',
  'gauthier',
  'cauwet',
  'nachel',
  'wozny',
  'ait',
  'dubois',
  'ouaguef',
  'meyfroidt',
  'plouviez',
  'lemaire',
  'duporge',
  'pajot',
];

const member = ([id, civility, name, group]: Row, hasVotingRight: boolean): Member => ({
  id,
  civility,
  name,
  group,
  hasVotingRight,
});

/** In the protocol order of the deliberation's lists. */
export const SPEC_MEMBERS: readonly Member[] = [
  ...PRESENT.map((row) => member(row, true)),
  ...EXCUSED.map(([id, civility, name, group]) => member([id, civility, name, group], true)),
  ...ABSENT.map((row) => member(row, true)),
  ...PRESENT_WITHOUT_VOTE.map((row) => member(row, false)),
  ...EXCUSED_WITHOUT_VOTE.map((row) => member(row, false)),
];

export const SPEC_PRESIDENT_ID = 'leroy';

export function specAttendance(): Record<string, Attendance> {
  const attendance: Record<string, Attendance> = {};
  for (const [id] of [...PRESENT, ...PRESENT_WITHOUT_VOTE]) attendance[id] = { kind: 'present' };
  for (const [id, , , , holder] of EXCUSED) attendance[id] = { kind: 'excused', proxyHolderId: holder };
  for (const [id] of EXCUSED_WITHOUT_VOTE) attendance[id] = { kind: 'excused', proxyHolderId: null };
  for (const [id] of ABSENT) attendance[id] = { kind: 'absent' };
  return attendance;
}

/** Everybody with a vote who is not conflicted voted for; nothing is entered for the conflicted. */
export function specVotes(): Record<string, VoteChoice> {
  const conflicted = new Set(SPEC_CONFLICTED);
  const votes: Record<string, VoteChoice> = {};
  for (const [id] of PRESENT) if (!conflicted.has(id)) votes[id] = 'for';
  for (const [id] of EXCUSED) votes[id] = 'for';
  return votes;
}

/** The deliberation's text, copied from spec/deliberation-2023-259-pas-de-calais.txt. */
export const SPEC_TEXT = {
  vote:
    'Pour : 28 voix (Groupe Socialiste, Républicain et Citoyen ; Groupe Communiste et Républicain ; ' +
    'Groupe Union pour le Pas-de-Calais ; Groupe Rassemblement National ; Non-inscrit) Contre : 0 voix ' +
    'Abstention : 13 voix (Groupe Socialiste, Républicain et Citoyen ; Groupe Communiste et Républicain ; ' +
    'Groupe Union pour le Pas-de-Calais ; Groupe Rassemblement National) Absents sans délégation de vote : 2 ' +
    '(Groupe Socialiste, Républicain et Citoyen ; Groupe Union pour le Pas-de-Calais)',
  outcome: '(Adopté)',
  present:
    'Étaient présents : M. Jean-Claude LEROY, Mme Mireille HINGREZ-CÉRÉDA, M. Daniel MACIEJASZ, Mme Valérie CUVILLIER, Mme Blandine DRAIN, Mme Maryse CAUWET, M. Ludovic LOQUET, Mme Bénédicte MESSEANNE-GROBELNY, M. Jean-Claude DISSAUX, Mme Laurence LOUCHAERT, M. Laurent DUPORGE, Mme Karine GAUTHIER, M. Alain MEQUIGNON, Mme Evelyne NACHEL, Mme Florence WOZNY, Mme Caroline MATRAT, M. Sébastien CHOCHOIS, Mme Sophie WAROT-LEMAIRE, M. André KUCHCINSKI, Mme Fatima AIT-CHIKHEBBIH, Mme Carole DUBOIS, M. Olivier BARBARIN, Mme Zohra OUAGUEF, M. Etienne PERIN, Mme Maryse DELASSUS, M. Claude BACHELET, Mme Maïté MULOT-FRISCOURT, M. Bruno COUSEIN, Mme Emmanuelle LAPOUILLE, Mme Sylvie MEYFROIDT, Mme Brigitte PASSEBOSC, M. François LEMAIRE, M. Marc SARPAUX, Mme Marie-Line PLOUVIEZ, M. Steeve BRIOIS, M. Ludovic PAJOT, M. René HOCQ.',
  excused: 'Excusé(s) : M. Pierre GEORGET, M. Philippe FAIT, M. Alexandre MALFAIT, M. Frédéric MELCHIOR.',
  absent: 'Absent(s) : M. Jean-Jacques COTTEL, Mme Stéphanie GUISELAIN.',
  presentWithoutVote:
    'Assistant également sans voix délibérative : M. Jean-Louis COTTIGNY, Mme Emmanuelle LEVEUGLE, M. Bertrand PETIT, M. Jean-Marc TELLIER.',
  excusedWithoutVote: 'Excusé(s) sans voix délibérative : M. Michel DAGBERT.',
  /** The deliberation spells "HINGREZ-CEREDA" here and "HINGREZ-CÉRÉDA" in the attendance list. */
  conflicts:
    "Mesdames Mireille HINGREZ-CEREDA, Karine GAUTHIER, Maryse CAUWET, Evelyne NACHEL, Florence WOZNY, Fatima AIT-CHIKHEBBIH, Carole DUBOIS, Zohra OUAGUEF, Sylvie MEYFROIDT et Marie-Line PLOUVIEZ, ainsi que Messieurs François LEMAIRE, Laurent DUPORGE et Ludovic PAJOT, intéressés à l'affaire, n'ont pris part ni au débat, ni au vote ;",
} as const;
