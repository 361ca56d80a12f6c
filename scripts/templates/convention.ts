/**
 * convention.docx — the partnership convention between the Département and one structure, with
 * its GDPR annex (ANNEXE 1) and one annex per operation (specification, "CONVENTION N° XXXX",
 * its "Obligations liées à la protection des données" and "Annexe N°X - structure"). Rendered
 * for each structure, and as annexe 4 of the deliberation (the standard convention) with
 * `modele` true. Data: ConventionData.
 */
import {
  type Block,
  bullet,
  type Cell,
  cell,
  centered,
  em,
  field,
  h1,
  h2,
  h3,
  p,
  type Row,
  section,
  strong,
  subtitle,
  TEXT_WIDTH,
  table,
  tag,
  title,
} from './wml.ts';

const c = (name: string) => field('collectivite', name);
const s = (name: string) => field('seance', name);
const st = (name: string) => field('structure', name);

/** "l'association « Nom »": the structure as the convention names it. */
const structureName = `${st('formeJuridique')} « ${st('nom')} »`;

function article(heading: string, blocks: Block[]): Block[] {
  return [h2(heading), ...blocks];
}

/** An item of a numbered list written in the text ("1- …"), indented like a bullet. */
const item = (text: string): Block => p(text, { indent: { left: 720, hanging: 360 }, after: 60 });

function header(): Block[] {
  return [
    ...section('modele', [centered(strong('ANNEXE 4 – Convention type'), { after: 240 })]),
    p(strong(c('pole')), { align: 'left', after: 0 }),
    p(c('direction'), { align: 'left', after: 480 }),
    title('CONVENTION', { after: 0 }),
    title(`N° ${tag('numero')}`),
    p([strong('Objet : '), tag('objet')], { after: 360 }),

    p(
      `Entre le ${c('nom')}, dont le siège se situe ${c('siege')}, représenté par ${c('president')}, ` +
        `${c('presidentQualite')}, dûment autorisé par délibération de la ${s('instance')} en date du ` +
        `${tag('deliberationDate')}.`,
    ),
    p('ci-après désigné par « le Département »'),
    p("d'une part,", { align: 'right' }),
    p(
      `Et ${structureName}, dont le siège social se situe ${st('siege')}, identifié(e) au répertoire SIRET ` +
        `sous le n° ${st('siret')} représenté(e) par ${st('representant')}, ${st('representantQualite')}, ` +
        'dûment autorisé(e) à signer la présente convention,',
    ),
    p(`ci-après désigné par « ${st('designation')} »`),
    p("d'autre part.", { align: 'right', after: 240 }),

    p("Vu : le Code de l'Action Sociale et des Familles ;"),
    p('Vu : le Code Général des Collectivités Territoriales ;'),
    p(
      'Vu : la délibération du Conseil départemental du 12 décembre 2022 portant adoption du Pacte des ' +
        "solidarités humaines « Agir avec vous pour l'épanouissement de tous dans le Pas-de-Calais » ;",
    ),
    p('Vu : la convention 2023 relative à la Stratégie de prévention et de lutte contre la pauvreté ;'),
    p(
      'Vu : la convention « Bassin minier du Nord et du Pas-de-Calais, territoire démonstrateur de la ' +
        'stratégie pauvreté » ;',
    ),
    p(`Vu : la délibération de la ${s('instance')} réunie le ${tag('deliberationDate')} ;`),
    p("Vu : la délibération du Conseil d'Administration de la structure ;"),
    p('Il a été convenu ce qui suit,', { before: 240 }),
  ];
}

function preamble(): Block[] {
  return [
    h2('Préambule'),
    p(
      "Depuis de nombreuses années, le Département s'appuie sur plusieurs leviers d'intervention pour mener " +
        "à bien sa mission dans le domaine de l'inclusion. Parmi ces leviers se trouvent :",
    ),
    p([
      'Le ',
      strong(
        "Pacte des solidarités humaines « Agir avec vous pour l'épanouissement de tous dans le Pas-de-Calais »",
      ),
      ". Adopté en décembre 2022, il est l'un des volets constitutifs du projet départemental pour la période " +
        '2022-2027. Ce dernier fixe les grandes ambitions du Département dans le domaine des solidarités, pour ' +
        'répondre à 4 grands défis :',
    ]),
    bullet('Agir pour une société qui reconnaît la place de chacun ;'),
    bullet('Etre aux côtés de chacun dans les moments de fragilité ;'),
    bullet("Garantir la qualité de vie dans l'accueil et l'accompagnement de tous les publics;"),
    bullet('Fédérer pour développer les solidarités.'),
    p(
      "L'accent est notamment mis sur la jeunesse et entre autre sur les jeunes en situation de fragilité à " +
        'qui le Département souhaite proposer un accompagnement plus global, plus sécurisé, portant à la fois ' +
        'sur une insertion citoyenne, sociale et professionnelle.',
    ),
    p([
      'Le ',
      strong('PDALHPD'),
      " : le Département y soutient massivement l'accès et le maintien dans le logement des publics cibles et " +
        'y combat la précarité énergétique grâce notamment à un Fonds Solidarité Logement axé sur la dimension ' +
        'préventive.',
    ]),
    p([
      'Le ',
      strong("Logement d'abord"),
      ". Mis en œuvre de manière accélérée depuis 2018, le Département s'y est engagé pour accompagner les " +
        'ménages rencontrant les parcours « logement » les plus complexes et en proposant des actions innovantes ' +
        'complémentaires au FSL via la Stratégie Pauvreté.',
    ]),
    p([
      'La ',
      strong('Stratégie Nationale de Prévention et de Lutte contre la Pauvreté'),
      " mise en œuvre depuis 2019, avec l'engagement d'une politique déterminée de sortie de la pauvreté par " +
        "l'insertion professionnelle.",
    ]),
    p(
      'Pour répondre à tous ces enjeux, le Département a souhaité mobiliser les acteurs de terrain autour ' +
        "d'opérations concrètes dont les modalités de mise en œuvre sont décrites au travers de conventions " +
        "d'engagements.",
    ),
    p(
      "Ces conventions permettent d'établir les relations sur la base d'une démarche volontariste et conjointe " +
        "de transparence et d'engagements réciproques tant dans les actions entreprises, l'attribution et la " +
        "gestion de moyens budgétaires et humains, que dans l'évaluation des résultats attendus en fonction des " +
        'objectifs préalablement définis en commun.',
    ),
  ];
}

function articles1to5(): Block[] {
  return [
    ...article('Article 1 : Objet de la Convention', [
      p([
        'La présente convention a pour objet de définir les modalités de partenariat entre le ',
        `${c('nom')} et `,
        strong(structureName),
        ', concourant à la mise en œuvre de la/des opération(s) citée(s) ci-dessous, dont les dispositions de ' +
          'mise en œuvre sont précisées en annexe :',
      ]),
      ...section('operations', [bullet([strong(tag('intitule')), ` (annexe ${tag('annexe')}) ;`])]),
      p(
        "Durant la période d'exécution de la convention, l'organisme s'engage à réaliser la/les opération(s). " +
          `Il bénéficie pour cela, d'une participation financière du ${c('nom')}.`,
      ),
    ]),
    ...article("Article 2 : Présentation de l'organisme", [
      p("Objectifs de l'organisme :"),
      p("Champs d'intervention :"),
      p("Zone géographique d'intervention :"),
    ]),
    ...article("Article 3 : Période d'application de la convention", [
      p([
        "La présente convention s'applique sur la période ",
        strong(`du ${tag('periodeDebut')} au ${tag('periodeFin')}`),
        " inclus. La conclusion d'une nouvelle convention pourra être négociée à l'issue de la procédure " +
          "d'évaluation. En aucun cas cette convention ne peut se poursuivre pour une nouvelle période par " +
          'tacite reconduction.',
      ]),
    ]),
    ...article("Article 4 : Coût de l'opération", [
      p([
        "Pour la durée de la convention le coût total de l'opération est estimé à un montant maximum de ",
        strong(tag('montantMaximum')),
        '.',
      ]),
      p(
        'En outre, la contribution financière annuelle du Département définie selon les principes mentionnés ' +
          'ci-dessus ne sera applicable que sous réserve des conditions suivantes :',
      ),
      bullet('Le respect par la structure des clauses de la présente convention,'),
      bullet(
        'La vérification par les services du Département que le montant de la contribution financière ' +
          "annuelle n'excède pas le coût de l'action,",
      ),
      bullet('La transmission, dans les délais précisés en annexe, des documents de bilan.'),
    ]),
    ...article('Article 5 : Modalités de versement de la participation financière', [
      p(
        'La participation financière, sous réserve du vote du budget du Département, est versée selon les ' +
          'modalités reprises en annexe de la convention.',
      ),
      p(
        'La participation financière sera créditée au compte de la structure selon les procédures comptables ' +
          'en vigueur.',
      ),
      p(
        "Le versement du solde ou l'émission du titre de recettes sera calculé au prorata de la réalisation " +
          'des objectifs fixés en annexe. Toutefois, le montant maximal de la participation financière ne pourra ' +
          "être supérieur au total prévu à l'article 4 ou le cas échéant lors de la mise en œuvre d'un avenant " +
          "émanant des modalités prévues à l'article 9. Le versement de ce solde pour la régularisation libérera " +
          "le Département de toutes obligations financières envers l'organisme.",
      ),
      p(
        `Le Département effectuera le paiement par virement effectué par ${c('payeur')} (comptable ` +
          'assignataire de la dépense) au compte :',
      ),
      p(`Référence IBAN : ${st('iban')}`, { indent: { left: 720 }, after: 0 }),
      p(`Référence BIC : ${st('bic')}`, { indent: { left: 720 }, after: 0 }),
      p(`Domiciliation : ${st('domiciliation')}`, { indent: { left: 720 }, after: 0 }),
      p(`Titulaire du compte : ${st('titulaire')}`, { indent: { left: 720 } }),
      p('Dans les écritures de la banque (ou du Receveur Municipal).'),
      p(
        "L'organisme est ici averti que le versement des acomptes et celui du solde ne peuvent intervenir " +
          "qu'après la production d'un relevé d'identité bancaire (RIB), postal (RIP) ou de Caisse d'Epargne " +
          'RICE).',
      ),
    ]),
  ];
}

function articles6to8(): Block[] {
  return [
    ...article("Article 6 : Suivi de l'opération et bilans", [
      h3("6-1 : Suivi de l'opération"),
      p(
        "La structure s'engage à mettre en œuvre les différents outils mis à sa disposition par les services " +
          "du Département, afin d'assurer une pilotage du dispositif, et d'organiser des comités de " +
          'pilotage/suivi en lien avec les services départementaux présents au sein des Maisons du Département ' +
          'Solidarité (MDS), sur chaque territoire concerné.',
      ),
      p(
        "L'organisme s'engage à communiquer aux services départementaux, 8 jours avant la tenue du comité de " +
          'pilotage/suivi, chaque entrée et sortie de participants, à entretenir une étroite collaboration avec ' +
          "ces services ainsi qu'avec les différents intervenants dans le parcours.",
      ),
      p(
        'Le Département peut, lors de la tenue des comités de suivi organisés avec les porteurs de projet, ' +
          "s'opposer à la prise en charge des bénéficiaires pour lesquels la validation préalable n'aurait pas " +
          'été accordée.',
      ),
      p(
        "Les comités de pilotage/suivi permettront d'établir un bilan qualitatif et quantitatif pour chaque " +
          "période et de suivre la progression de l'opération, notamment le parcours d'insertion des " +
          'bénéficiaires.',
      ),
      p(
        'Ces comités de pilotage/suivi pourront être complétés par des rencontres et/ou des visites sur place ' +
          "avec l'opérateur et les services compétents du Département, afin de suivre et d'apprécier le " +
          "déroulement de l'opération.",
      ),
      h3('6-2 : Bilan'),
      p(
        "A l'issue de l'opération, l'organisme porteur du projet devra transmettre un bilan aux services du " +
          'Département, défini en annexe de la convention.',
      ),
      p(
        "Parallèlement, la structure devra, dans les 6 mois suivant la fin de l'exercice, transmettre les " +
          'documents suivants :',
      ),
      bullet("Le rapport d'activité complet,"),
      bullet(
        "Les comptes annuels du comptable ou de l'expert-comptable comprenant : le bilan détaillé, le compte " +
          "de résultat détaillé, l'annexe des comptes, les soldes intermédiaires de Gestion détaillés.",
      ),
      bullet(
        'Le rapport complet du Commissaire aux Comptes faisant apparaître : le rapport général (certification ' +
          '+ comptes annuels validés), le rapport spécial (les contrats réglementées),',
      ),
      bullet('Le tableau relatif aux missions exercées par les salariés,'),
      bullet('La balance Générale sous format Excel.'),
      p([
        "L'ensemble de ces éléments devra être adressé par mail à ",
        strong(tag('emailGestionnaire')),
        '. A défaut, le Département pourra suspendre les contributions financières.',
      ]),
    ]),
    ...article('Article 7 : Modalités de contrôle', [
      p(
        'Le contrôle de la mise en œuvre de la présente convention est exercé par les services départementaux.',
      ),
      p(
        "Ce contrôle peut s'effectuer sur pièces et/ou sur place. L'organisme doit tenir à la disposition des " +
          "services du Département tout élément nécessaire à l'évaluation relative à la réalisation des actions.",
      ),
      p(
        "Ce contrôle n'est pas exclusif de celui qui peut être opéré par les Services de l'État, de la Chambre " +
          "Régionale des Comptes ou des missions de contrôle de l'Inspection Générale des Affaires Sociales.",
      ),
      p(
        "La structure s'engage à faciliter l'accès à toute pièce justificative des dépenses et tout autre " +
          "document dont la production serait jugée utile dans le cadre de ce contrôle, afin de s'assurer de la " +
          "bonne exécution de l'opération et des dispositions de la convention.",
      ),
      p([
        "L'organisme présentera dans les meilleurs délais, aux agents chargés du contrôle, tous documents et " +
          "pièces établissant la réalité et la régularité de l'opération (",
        em('ex : justificatifs de salaires, des frais de déplacement,'),
        ').',
      ]),
      p(`L'ensemble des documents devra être conservé jusqu'au ${c('conservationJusquau')}.`),
    ]),
    ...article("Article 8 : Obligations de l'organisme", [
      h3('8-1 : Obligations générales'),
      p("L'organisme s'engage à :"),
      item('1- Mettre en œuvre le projet tel que défini dans la présente convention ;'),
      item(
        "2- Mettre à disposition les moyens humains et matériels nécessaires à la mise en œuvre de l'opération, " +
          'conformément aux éléments inscrits au dossier de demande de participation financière.',
      ),
      item(
        '3- Adapter tant dans leur mise en œuvre que dans leur contenu, les actions, au public auquel elles ' +
          'sont destinées, prenant notamment en compte les capacités spécifiques des personnes ;',
      ),
      item(
        '4- Informer le Département de toute modification qui pourrait avoir un impact dans la mise en œuvre ' +
          'de la mission et le suivi administratif ;',
      ),
      item(
        '5- Informer le Département de tout changement intervenu dans la situation des bénéficiaires ' +
          "accompagnés dont il aurait connaissance à l'occasion de l'exercice de la mission. En application de " +
          "l'article L 262-40 du CASF, le Président du Conseil départemental a compétence pour solliciter toutes " +
          "informations nécessaires à l'identification du foyer RSA auprès des organismes publics et " +
          'collectivités territoriales ;',
      ),
      item(
        "6- Rendre compte des effets des actions sur le parcours des bénéficiaires et des perspectives d'évolution ;",
      ),
      item(
        "7- Donner suite à toute demande des services du Département aux fins d'obtenir les pièces ou " +
          "informations relatives à l'opération, nécessaires à son instruction, au calcul du montant de l'aide à " +
          'verser, à son suivi et son évaluation ;',
      ),
      item(
        "8- Utiliser les outils du Département et l'ensemble des documents d'appui fournis par les services du " +
          'Département (Logiciels, cahiers des charges, chartes, etc). Il veille à fournir toutes les informations ' +
          'sur les bénéficiaires permettant de renseigner les indicateurs au vu desquels le Département sera amené ' +
          "à évaluer l'efficacité des accompagnements, la dynamique des parcours et particulièrement, la nature " +
          'des sorties.',
      ),
      item("9- L'organisme s'engage à poursuivre l'accompagnement quelles que soit les circonstances :"),
      bullet(
        "En cas d'indisponibilité du personnel affecté à l'opération, cette dernière doit être poursuivie dans " +
          'les mêmes conditions que celles prévues initialement.',
        { level: 2 },
      ),
      bullet(
        "En cas d'impossibilité et selon l'organisation de la structure, de recevoir dans les lieux de " +
          "permanence ou de se rendre à domicile, l'opération doit se poursuivre par tout autre moyen afin de " +
          'respecter les engagements pris dans la présente convention et envers le bénéficiaire.',
        { level: 2 },
      ),
      bullet(
        'En outre, en cas de contexte ou situation exceptionnels, le Département peut être amené à mettre en ' +
          "place une procédure transitoire visant la poursuite de l'opération, procédure que l'organisme mettra " +
          'scrupuleusement en œuvre.',
      ),
      bullet([
        "En cas d'impossibilité de poursuivre l'opération ou si l'organisme ne souhaite plus la poursuivre, il " +
          'doit en informer le Département (',
        strong(tag('service')),
        ') par lettre recommandée avec avis de réception 2 mois avant de cesser son action. Dans ce cas, la ' +
          "convention sera résiliée à l'issue de ce délai dans les conditions prévues à l'article 10 de la " +
          'présente convention.',
      ]),
      h3('8-2 : Obligations liées au secret professionnel'),
      p(
        "L'ensemble des informations nominatives ne pourra être utilisé que dans le cadre de la mise en œuvre " +
          "de l'opération. Toute personne exerçant dans ce cadre s'engage à respecter et à faire respecter les " +
          'règles régissant le secret professionnel.',
      ),
      p(
        "Le secret couvre l'ensemble des informations concernant la personne venue à la connaissance du " +
          "personnel accompagnant c'est-à-dire tout ce qui lui a été confié, mais aussi tout ce qu'il a vu, lu, " +
          'entendu, constaté ou compris.',
      ),
      p(
        "Le Département et l'organisme s'engagent à préserver la confidentialité de tout document, information " +
          "ou autre matériel en relation directe avec l'objet de la convention dûment qualifié de confidentiel et " +
          "dont la divulgation pourrait causer préjudice à l'autre partie.",
      ),
      p(
        "Toutefois, cette obligation ne saurait faire obstacle ni aux obligations d'information à des buts " +
          "statistiques, ni à l'exercice du pouvoir de contrôle du Président du Conseil départemental et des " +
          "services de l'Etat.",
      ),
      h3('8-3 : Obligations liées à la propriété et utilisation des résultats'),
      p(
        'Les droits de propriété industrielle et intellectuelle des résultats de la mission, des rapports et ' +
          "autres documents concernant celle-ci, sont dévolus à l'association. Toute utilisation à des fins " +
          'commerciales ou non, des travaux, études, résultats, sous quelque support que ce soit, doit recevoir ' +
          "l'accord express préalable du Département.",
      ),
      p(
        "La structure octroie au Département le droit d'utiliser librement les résultats de la mission, sauf " +
          'les obligations de confidentialité et dans le respect des droits de propriété industrielle préexistants.',
      ),
      h3('8-4 : Obligations et contreparties en matières de communication/charte graphique'),
      p(
        "La structure s'engage à respecter la charte à l'intention des partenaires bénéficiant d'une aide ou " +
          `d'un soutien du ${c('nom')}, intitulée « obligation et contrepartie en matière de communication », ` +
          "consultable sur le site du Département à l'adresse suivante : " +
          'https://www.pasdecalais.fr/Partenaires/contreparties-communication ainsi que la charte dédiée.',
      ),
      p("Dans cette charte à l'intention des partenaires, la structure s'engage notamment à :"),
      bullet(
        "Promouvoir l'image du Conseil départemental, en rappelant le soutien du Département et en faisant " +
          'apparaître son logo sur les différents supports de communication utilisés (plaques inaugurale, ' +
          'affiches, insertion publicitaires, supports dématérialisés (web, réseaux sociaux), dossards et sur tous ' +
          'les supports de promotion utilisés lors de la manifestations, communiqués et dossiers de presse).',
      ),
      bullet(
        'Associer le Département aux différents points presse et présentations officielles qui seraient ' +
          "organisées sans le cadre du contrat de partenariat. Le choix des dates retenues devra s'effectuer " +
          "impérativement dans les conditions arrêtés d'un commun accord entre la structure et le Département.",
      ),
      bullet(
        "Permettre au Département d'installer des supports de communication sur l'ensemble des sites où se " +
          'déroulent les manifestations et autres opérations de promotions (flammes, calicots, looks and roll, ' +
          "popup...). Ainsi, la visibilité de l'institution devra être clairement identifiée durant l'évènement.",
      ),
    ]),
  ];
}

function articles9to12(): Block[] {
  return [
    ...article('Article 9 : Avenant', [p("La présente convention pourra être modifiée par voie d'avenant.")]),
    ...article('Article 10 : Résiliation et renonciation', [
      p(
        'La convention pourra être résiliée unilatéralement par le Département notamment dans le cas où la ' +
          "mission confiée n'est pas exécutée dans des conditions prévues à la présente convention, " +
          "l'utilisation des fonds n'est pas conforme à l'objet de la présente convention ou de refus par " +
          "l'organisme de se soumettre aux contrôles. Les dirigeants de l'organisme sont entendus préalablement. " +
          'La résiliation prend effet un mois franc après la réception de sa notification par lettre recommandée ' +
          'avec avis de réception.',
      ),
      p('En cas de déclaration inexacte, la présente convention pourra être résiliée sans préavis.'),
      p(
        "Le remboursement partiel voire total des sommes versées sera notamment exigé si le bilan final n'est " +
          "pas produit dans les délais impartis, ou s'il s'avère après un contrôle que les pièces justificatives " +
          "produites par l'organisme sont non fondées.",
      ),
      p(
        "L'organisme qui souhaite abandonner son projet, peut également demander la résiliation de la " +
          'convention. La résiliation prend effet un mois franc après la réception de sa notification par lettre ' +
          "recommandée avec avis de réception. Il s'engage à transmettre le bilan de l'opération et à procéder au " +
          'reversement des sommes indûment perçues dans les plus brefs délais.',
      ),
      p(
        "L'organisme renonce pour lui-même et pour ses membres, ses ayants droit et ayants cause, à toute " +
          'réclamation financière ultérieure envers le Département pour toute opération entrant dans le champ ' +
          "d'application de la présente convention.",
      ),
    ]),
    ...article('Article 11 : Recours', [
      p(
        "En cas de litige, les parties s'engagent à rechercher une solution amiable. À défaut, les litiges qui " +
          `pourraient résulter de l'application des présentes seront portés devant le ${c('tribunal')}.`,
      ),
    ]),
    ...article('Article 12 : Annexes', [
      p('Les annexes jointes à la présente convention sont :'),
      p('ANNEXE 1 : Obligations liées à la protection des données à caractère personnel', { after: 60 }),
      ...section('operations', [p(`ANNEXE ${tag('annexe')} : ${tag('intitule')}`, { after: 60 })]),
    ]),
  ];
}

function signatures(): Block[] {
  return [
    p('Fait en trois exemplaires originaux', { before: 240 }),
    p(`A ${c('ville')}, le`, { after: 360 }),
    p(strong('Pour le Département,'), { after: 0, keepNext: true }),
    p(strong('Et par délégation'), { after: 0, keepNext: true }),
    p(strong(`${c('signataireConventionsQualite')},`), { after: 480, keepNext: true }),
    p(`${c('signataireConventions')}.`, { after: 480 }),
    p([strong(`Pour ${structureName},`)], { after: 0, keepNext: true }),
    p(strong(`${st('representantQualite')},`), { after: 480, keepNext: true }),
    p(strong(`${st('representant')}.`), { after: 0, keepNext: true }),
    p('(Signature et cachet)'),
  ];
}

/** ANNEXE 1: the GDPR clauses, static prose with the collectivité's DPO address. */
function gdprAnnex(): Block[] {
  const dpo = c('emailDpo');
  return [
    h1('ANNEXE 1 : Obligations liées à la protection des données à caractère personnel', {
      pageBreakBefore: true,
    }),
    h3("1- Description du traitement faisant l'objet de la prestation"),
    p([
      "L'organisme est autorisé à traiter pour le compte du département les données à caractère personnel " +
        'nécessaires pour fournir le service suivant : ',
      strong(
        `accompagnement des bénéficiaires du Revenu de Solidarité Active résidant dans le ${c('nom')} et/ou ` +
          "jeunes de moins de 26 ans (prioritairement jeunes issus de l'ASE).",
      ),
    ]),
    p('La nature des opérations réalisées sur les données est :'),
    p('La ou les finalité(s) du traitement sont :'),
    p('Les données à caractère personnel traitées sont :'),
    p('Les catégories de personnes concernées sont :'),
    p(
      "Pour l'exécution du service objet de la présente convention, le département met à la disposition de " +
        "l'organisme les informations nécessaires suivantes :",
    ),
    h3("2- Obligations de l'organisme vis-à-vis du département"),
    p("L'organisme s'engage à :"),
    item2([
      'a) traiter les données ',
      strong('uniquement pour la ou les seule(s) finalité(s)'),
      " qui fait/ont l'objet de la prestation et notamment à ne pas les commercialiser ;",
    ]),
    item2([
      'b) traiter les données ',
      strong('conformément aux instructions documentées'),
      ' du département figurant en annexe de la présente convention (',
      em('le cas échéant'),
      "). Si le l'organisme considère qu'une instruction constitue une violation du règlement européen sur la " +
        "protection des données ou de toute autre disposition du droit de l'Union ou du droit des Etats membres " +
        'relative à la protection des données, il en ',
      strong('informe immédiatement'),
      ' le département. En outre, si le titulaire est tenu de procéder à un transfert de données vers un pays ' +
        "tiers ou à une organisation internationale, en vertu du droit de l'Union ou du droit de l'Etat membre " +
        'auquel il est soumis, il doit informer le département de cette obligation juridique avant le traitement, ' +
        "sauf si le droit concerné interdit une telle information pour des motifs importants d'intérêt public ;",
    ]),
    item2([
      'c) ',
      strong('garantir la confidentialité'),
      ' des données à caractère personnel traitées dans le cadre du présent contrat ;',
    ]),
    item2([
      'd) veiller à ce que les ',
      strong('personnes autorisées à traiter les données à caractère personnel'),
      ' en vertu du présent contrat ;',
    ]),
    item2(
      "e) s'engagent à respecter la confidentialité ou soient soumises à une obligation légale appropriée de " +
        'confidentialité ;',
    ),
    item2(
      'f) reçoivent la formation nécessaire en matière de protection des données à caractère personnel ;',
    ),
    item2([
      "g) prendre en compte, s'agissant de ses outils, produits, applications ou services, les principes de ",
      strong('protection des données dès la conception'),
      ' et de ',
      strong('protection des données par défaut'),
      '.',
    ]),

    h3('h) Sous-traitance'),
    p("Choisir l'une des deux options :"),
    p(['Option A (', em('autorisation générale'), ')'], { keepNext: true }),
    p(
      "L'organisme peut faire appel à un sous-traitant pour mener des activités de traitement spécifiques. " +
        'Dans ce cas, il informe préalablement et par écrit le département de tout changement envisagé ' +
        "concernant l'ajout ou le remplacement d'autres sous-traitants. Cette information doit indiquer " +
        "clairement les activités de traitement sous-traitées, l'identité et les coordonnées du sous-traitant et " +
        "les dates du contrat de sous-traitance. Le département dispose d'un délai, convenu entre les parties, à " +
        'compter de la date de réception de cette information pour présenter ses objections. Cette ' +
        "sous-traitance ne peut être effectuée que si le pouvoir adjudicateur n'a pas émis d'objection pendant " +
        'le délai convenu.',
    ),
    p(['Option B (', em('autorisation spécifique'), ')'], { keepNext: true }),
    p(
      "L'organisme est autorisé à faire appel à un sous-traitant pour mener les activités de traitement " +
        'désignées par écrit par le département.',
    ),
    p(
      "En cas de recrutement d'autres sous-traitants ultérieurs, l'organisme doit recueillir l'autorisation " +
        'écrite, préalable et spécifique du département.',
    ),
    p("Quelle que soit l'option (autorisation générale ou spécifique)", { keepNext: true }),
    p(
      'Le sous-traitant est tenu de respecter les obligations du présent contrat pour le compte et selon les ' +
        "instructions du département. Il appartient à l'organisme de s'assurer que le sous-traitant présente " +
        'les mêmes garanties suffisantes quant à la mise en œuvre de mesures techniques et organisationnelles ' +
        'appropriées de manière à ce que le traitement réponde aux exigences du règlement européen sur la ' +
        'protection des données. Si le sous-traitant ne remplit pas ses obligations en matière de protection ' +
        "des données, l'organisme demeure pleinement responsable devant le département de l'exécution par le " +
        'sous-traitant de ses obligations.',
    ),

    h3("i) Droit d'information des personnes concernées"),
    p(
      "Il appartient au département de fournir l'information aux personnes concernées par les opérations de " +
        'traitement au moment de la collecte des données.',
    ),
    h3('j) Exercice des droits des personnes'),
    p(
      "L'organisme assistera le département à s'acquitter de son obligation de donner suite aux demandes " +
        "d'exercice des droits des personnes concernées : droit d'accès, de rectification, d'effacement et " +
        "d'opposition, droit à la limitation du traitement, droit à la portabilité des données, droit de ne pas " +
        "faire l'objet d'une décision individuelle automatisée (y compris le profilage).",
    ),
    p(
      "Lorsque les personnes concernées exercent auprès de l'organisme des demandes d'exercice de leurs " +
        "droits, l'organisme doit adresser ces demandes dès réception par courrier électronique à " +
        `${dpo}.`,
    ),
    h3('k) Notification des violations de données à caractère personnel'),
    p(
      "L'organisme notifie au département toute violation de données à caractère personnel dans un délai " +
        `maximum de 24 heures après en avoir pris connaissance et par le moyen suivant ${dpo}. Cette ` +
        'notification est accompagnée de toute documentation utile afin de permettre au département, si ' +
        "nécessaire, de notifier cette violation à l'autorité de contrôle compétente.",
    ),
    h3("l) Aide de l'organisme dans le cadre du respect par le département de ses obligations"),
    p(
      "L'organisme aide le département pour la réalisation d'analyses d'impact relative à la protection des " +
        "données. L'organisme aide le département pour la réalisation de la consultation préalable de " +
        "l'autorité de contrôle.",
    ),

    h3('m) Mesures de sécurité'),
    p("Choisir l'une des deux options :"),
    p(
      "OPTION 1 : En cas d'échanges de données à caractère personnel très limités et en l'absence de " +
        'plateforme informatique dans le cadre de la prestation',
      { keepNext: true, run: { bold: true } },
    ),
    p(SECURITY_INTRO),
    bullet(
      "Le chiffrement des données à caractère personnel lors des échanges (ex : utilisation d'une plateforme " +
        'sécurisée, utilisation de 7-zip avec mot de passe) ;',
    ),
    bullet(RESTRICTED_ACCESS),
    bullet(BACKUPS),
    bullet(AWARENESS),
    bullet(
      'Le respect de la charte de bon usage des moyens informatiques par les intervenants amenés à accéder ' +
        "aux systèmes d'information du Département (extranet, etc.) ;",
    ),
    bullet(CNIL_GUIDE),
    bullet(
      "Le contrôle régulier de l'efficacité des mesures de sécurité en place et du niveau de sécurité des " +
        'traitements.',
    ),
    p('OPTION 2 : Autres', { keepNext: true, run: { bold: true } }),
    p(SECURITY_INTRO),
    bullet(
      "L'utilisation de plateformes informatiques présentant les mesures de sécurité à l'état de l'art, " +
        "s'appuyant notamment sur les guides de bonnes pratiques et recommandations de l'ANSSI (Agence " +
        "Nationale de la Sécurité des Systèmes d'Information) et de la CNIL ;",
    ),
    bullet('Le chiffrement des données à caractère personnel lors des échanges ;'),
    bullet(RESTRICTED_ACCESS),
    bullet(BACKUPS),
    bullet(
      "L'application des correctifs de sécurité publiés par les éditeurs et fournisseurs au plus vite sur les " +
        'environnements mis à disposition du Département.',
    ),
    bullet(AWARENESS),
    bullet(
      'Le respect de la charte de bon usage des moyens informatiques et des procédures du Département (outils ' +
        'utilisés, protection des identifiants de connexion, etc.) par les intervenants amenés à accéder aux ' +
        "systèmes d'information du Département ;",
    ),
    bullet(CNIL_GUIDE),
    bullet(
      "Le contrôle régulier de l'efficacité des mesures de sécurité en place et du niveau de sécurité des " +
        'traitements.',
    ),
    p(
      "Le cas échéant, le titulaire s'engage à mettre en œuvre les mesures de sécurité prévues par le code de " +
        'conduite ou la certification dont il relève.',
    ),
    p(
      "Dans la mesure où l'article 32 du règlement européen sur la protection des données prévoit que la mise " +
        'en œuvre des mesures de sécurité incombe au pouvoir adjudicateur et au titulaire, il est recommandé de ' +
        'déterminer précisément les responsabilités de chacune des parties au regard des mesures à mettre en ' +
        'œuvre.',
    ),

    h3('n) Sort des données'),
    p(
      "Au terme de la prestation de services relatifs au traitement de ces données, l'organisme s'engage à :",
    ),
    p('Au choix des parties :'),
    bullet('détruire toutes les données à caractère personnel ou'),
    bullet('à renvoyer toutes les données à caractère personnel au département ou'),
    bullet(
      'à renvoyer les données à caractère personnel à un tiers (à indiquer si connu sinon prévoir les ' +
        "modalités d'information du titulaire en cours d'exécution) désigné par le département",
    ),
    p(
      "Le renvoi doit s'accompagner de la destruction de toutes les copies existantes dans les systèmes " +
        "d'information de l'organisme. Une fois détruites, l'organisme doit justifier par écrit de la destruction.",
    ),
    h3('o) Délégué à la protection des données'),
    p(
      "L'organisme communique au département le nom et les coordonnées de son délégué à la protection des " +
        "données, s'il en a désigné un conformément à l'article 37 du règlement européen sur la protection des " +
        'données',
    ),
    h3("p) Registre des catégories d'activités de traitement"),
    p(
      "L'organisme déclare tenir par écrit un registre de toutes les catégories d'activités de traitement " +
        'effectuées pour le compte du département comprenant :',
    ),
    bullet(
      'le nom et les coordonnées du département pour le compte duquel il agit, des éventuels sous-traitants ' +
        'et, le cas échéant, du délégué à la protection des données ;',
    ),
    bullet('les catégories de traitements effectués pour le compte du département;'),
    bullet(
      'le cas échéant, les transferts de données à caractère personnel vers un pays tiers ou à une ' +
        "organisation internationale, y compris l'identification de ce pays tiers ou de cette organisation " +
        "internationale et, dans le cas des transferts visés à l'article 49, paragraphe 1, deuxième alinéa du " +
        "règlement européen sur la protection des données, les documents attestant de l'existence de garanties " +
        'appropriées ;',
    ),
    bullet(
      'dans la mesure du possible, une description générale des mesures de sécurité techniques et ' +
        'organisationnelles, y compris entre autres, selon les besoins :',
    ),
    bullet('la pseudonymisation et le chiffrement des données à caractère personnel ;', { level: 2 }),
    bullet(
      "des moyens permettant de garantir la confidentialité, l'intégrité, la disponibilité et la résilience " +
        'constantes des systèmes et des services de traitement ;',
      { level: 2 },
    ),
    bullet(
      "des moyens permettant de rétablir la disponibilité des données à caractère personnel et l'accès à " +
        "celles-ci dans des délais appropriés en cas d'incident physique ou technique ;",
      { level: 2 },
    ),
    bullet(
      "une procédure visant à tester, à analyser et à évaluer régulièrement l'efficacité des mesures " +
        'techniques et organisationnelles pour assurer la sécurité du traitement.',
      { level: 2 },
    ),
    h3('q) Documentation'),
    p(
      "L'organisme met à la disposition du département la documentation nécessaire pour démontrer le respect " +
        "de toutes ses obligations et pour permettre la réalisation d'audits, y compris des inspections, par le " +
        "département ou un autre auditeur qu'il a mandaté, et contribuer à ces audits.",
    ),
    h3("3- Obligations du département vis-à-vis de l'organisme"),
    p("Le département s'engage à :"),
    item2("a) permettre à l'organisme de réaliser les opérations visées au 2 du présent article ;"),
    item2("b) documenter par écrit toute instruction concernant le traitement des données par l'organisme;"),
    item2(
      'c) veiller, au préalable et pendant toute la durée du traitement, au respect des obligations prévues ' +
        "par le règlement européen sur la protection des données de la part de l'organisme;",
    ),
    item2(
      "d) superviser le traitement, y compris réaliser les audits et les inspections auprès de l'organisme.",
    ),
  ];
}

/** A lettered item ("a) …") of the GDPR annex, indented like a bullet. */
function item2(content: Parameters<typeof p>[0]): Block {
  return p(content, { indent: { left: 720, hanging: 360 }, after: 60 });
}

const SECURITY_INTRO =
  "Le titulaire s'engage à mettre en œuvre les mesures de sécurité techniques et organisationnelles adaptées " +
  "afin de garantir la confidentialité et l'intégrité des données, notamment par :";
const RESTRICTED_ACCESS = "La restriction d'accès aux données traitées aux seules personnes habilitées ;";
const BACKUPS =
  'La sauvegarde régulière des données à caractère personnel traitées et leur restauration dans des délais ' +
  "appropriés en cas d'incident physique ou technique ;";
const AWARENESS =
  'La sensibilisation des intervenants aux risques liés à la protection des données et la sécurité des ' +
  'traitements de données à caractère personnel ;';
const CNIL_GUIDE =
  'La mise en œuvre des recommandations de la CNIL issues du Guide de la sécurité des données personnelles ;';

/** One annex per operation: the two-column table of the specification's "Annexe N°X - structure". */
function operationAnnexes(): Block[] {
  const LABEL = 2800;
  const columns = [LABEL, TEXT_WIDTH - LABEL];
  const labelCell = (text: string): Cell => cell({ text, bold: true, shaded: true, size: 10 });
  const valueCell = (text: string): Cell => cell({ text, size: 10 });
  const row = (label: string, value: string): Row => ({
    canSplit: true,
    cells: [labelCell(label), valueCell(value)],
  });
  const payment: Cell = {
    content: [
      ...section('avanceTexte', [bullet(tag('avanceTexte'), { format: { run: { size: 10 } } })]),
      ...section('soldeTexte', [bullet(tag('soldeTexte'), { format: { run: { size: 10 } } })]),
      p(
        `La participation financière est imputée sur le chapitre « ${tag('chapitre')} » du budget du ` +
          `${c('nom')}.`,
        { run: { size: 10 }, after: 0 },
      ),
    ],
  };
  return section('operations', [
    h1(`ANNEXE ${tag('annexe')} : ${tag('intitule')}`, { pageBreakBefore: true }),
    subtitle(`Annexe N°${tag('annexe')} - ${st('nom')}`),
    table(columns, [
      row('Action', tag('action')),
      row('Durée', tag('duree')),
      row('Coût', tag('cout')),
      row('Public-Cible', tag('publicCible')),
      row('Objectifs', tag('objectifs')),
      row("Déroulement de l'action (procédure)", tag('deroulement')),
      row("Territoire d'intervention", tag('territoire')),
      row('Profil du professionnel intervenant sur la mission', tag('profilIntervenant')),
      row('Modalités de financement', tag('modalitesFinancement')),
      { canSplit: true, cells: [labelCell('Modalités de versement'), payment] },
      row('Bilan', tag('bilan')),
    ]),
    p('', { after: 0 }),
  ]);
}

export function conventionTemplate(): { title: string; body: Block[] } {
  const body: Block[] = [
    ...header(),
    ...preamble(),
    ...articles1to5(),
    ...articles6to8(),
    ...articles9to12(),
    ...signatures(),
    ...gdprAnnex(),
    ...operationAnnexes(),
  ];
  return { title: 'Convention de partenariat', body };
}
