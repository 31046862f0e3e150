/** The accounts module's e-mails (invitations, manager access), per language. */
type Lang = "hu" | "en";

const PERMISSION_NAMES: Record<Lang, Record<string, string>> = {
  en: {
    owner: "full access (owner)",
    billing: "billing: documents and payments",
    technical: "technical: services and tickets",
    domains: "domains",
    support: "support tickets",
    readonly: "read only",
  },
  hu: {
    owner: "teljes hozzáférés (tulajdonos)",
    billing: "pénzügy: bizonylatok és fizetések",
    technical: "műszaki: szolgáltatások és hibajegyek",
    domains: "domainek",
    support: "hibajegyek",
    readonly: "csak olvasás",
  },
};

export function permissionList(lang: Lang, permissions: readonly string[]): string {
  return permissions.map((p) => PERMISSION_NAMES[lang][p] ?? p).join(", ");
}

export function contactInvitationMail(
  lang: Lang,
  p: {
    name: string;
    account: string;
    inviter: string;
    link: string;
    permissions: string[];
    days: number;
  },
) {
  if (lang === "en") {
    return {
      subject: `Invitation to the ${p.account} account`,
      text:
        `Hello ${p.name},\n\n${p.inviter} added you as a contact of the ${p.account} account ` +
        `(${permissionList(lang, p.permissions)}). Open this link to accept and to choose your password — ` +
        `or, if you have a login with this address already, to add the account to it:\n\n${p.link}\n\n` +
        `The link works once and for ${p.days} days.`,
    };
  }
  return {
    subject: `Meghívás a(z) ${p.account} ügyfélfiókba`,
    text:
      `Kedves ${p.name}!\n\n${p.inviter} felvette Önt a(z) ${p.account} ügyfélfiók kapcsolattartói közé ` +
      `(${permissionList(lang, p.permissions)}). Az alábbi linken elfogadhatja a meghívást és beállíthatja a ` +
      `jelszavát — ha ezzel a címmel már van belépése, a fiók ahhoz adódik hozzá:\n\n${p.link}\n\n` +
      `A link egyszer használható, ${p.days} napig érvényes.`,
  };
}

export function managerInvitationMail(
  lang: Lang,
  p: { account: string; inviter: string; link: string; permissions: string[]; days: number },
) {
  if (lang === "en") {
    return {
      subject: `${p.account} asks you to manage their account`,
      text:
        `Hello,\n\n${p.inviter} of ${p.account} gives this address manager access to their account ` +
        `(${permissionList(lang, p.permissions)}): you can act for them without their password. ` +
        `Open this link to accept with your existing login or to create one:\n\n${p.link}\n\n` +
        `The link works once and for ${p.days} days. The account's owner can end the access at any time.`,
    };
  }
  return {
    subject: `${p.account} kezelői hozzáférést ad Önnek`,
    text:
      `Tisztelt Címzett!\n\n${p.inviter} (${p.account}) kezelői hozzáférést ad ennek a címnek az ügyfélfiókjához ` +
      `(${permissionList(lang, p.permissions)}): a jelszavuk ismerete nélkül intézheti az ügyeiket. ` +
      `Az alábbi linken meglévő belépésével vagy új belépéssel fogadhatja el:\n\n${p.link}\n\n` +
      `A link egyszer használható, ${p.days} napig érvényes. A fiók tulajdonosa bármikor visszavonhatja a hozzáférést.`,
  };
}

export function managerRequestMail(
  lang: Lang,
  p: { name: string; account: string; manager: string; managerEmail: string; link: string },
) {
  if (lang === "en") {
    return {
      subject: `${p.manager} asks to manage the ${p.account} account`,
      text:
        `Hello ${p.name},\n\n${p.manager} (${p.managerEmail}) asks for manager access to the ${p.account} account: ` +
        `to act for it without your password. Approve or decline the request here:\n\n${p.link}\n\n` +
        `If you do not know who this is, decline it.`,
    };
  }
  return {
    subject: `${p.manager} kezelői hozzáférést kér a(z) ${p.account} fiókhoz`,
    text:
      `Kedves ${p.name}!\n\n${p.manager} (${p.managerEmail}) kezelői hozzáférést kér a(z) ${p.account} ügyfélfiókhoz, ` +
      `hogy az Ön jelszava nélkül intézhesse az ügyeit. Itt hagyhatja jóvá vagy utasíthatja el:\n\n${p.link}\n\n` +
      `Ha nem ismeri a kérőt, utasítsa el.`,
  };
}

export function managerEndedMail(lang: Lang, p: { account: string; approved: boolean }) {
  if (lang === "en") {
    return p.approved
      ? {
          subject: `You now manage the ${p.account} account`,
          text: `Hello,\n\nthe owner of the ${p.account} account approved your manager access. Switch to the account in the portal.`,
        }
      : {
          subject: `Your access to the ${p.account} account has ended`,
          text: `Hello,\n\nthe owner of the ${p.account} account ended (or declined) your manager access. You can no longer act for it.`,
        };
  }
  return p.approved
    ? {
        subject: `Mostantól Ön kezeli a(z) ${p.account} fiókot`,
        text: `Tisztelt Címzett!\n\nA(z) ${p.account} ügyfélfiók tulajdonosa jóváhagyta a kezelői hozzáférését. A portálon válthat a fiókra.`,
      }
    : {
        subject: `Megszűnt a hozzáférése a(z) ${p.account} fiókhoz`,
        text: `Tisztelt Címzett!\n\nA(z) ${p.account} ügyfélfiók tulajdonosa megszüntette (vagy elutasította) a kezelői hozzáférését. A fiók ügyeit a továbbiakban nem intézheti.`,
      };
}

export function clientAccountMail(
  lang: Lang,
  p: { name: string; account: string; manager: string; link: string; days: number },
) {
  if (lang === "en") {
    return {
      subject: `Your ${p.account} account has been created`,
      text:
        `Hello ${p.name},\n\n${p.manager} created a customer account for ${p.account} with you as its owner, ` +
        `and manages it for you. Open this link to choose your password:\n\n${p.link}\n\n` +
        `You see everything done in the account, and you can end ${p.manager}'s access at any time under ` +
        `Profile → Managers. The link works once and for ${p.days} days.`,
    };
  }
  return {
    subject: `Elkészült a(z) ${p.account} ügyfélfiókja`,
    text:
      `Kedves ${p.name}!\n\n${p.manager} ügyfélfiókot nyitott a(z) ${p.account} részére, amelynek Ön a tulajdonosa, ` +
      `és Ön helyett kezeli. Az alábbi linken beállíthatja a jelszavát:\n\n${p.link}\n\n` +
      `A fiókban minden műveletet lát, és ${p.manager} hozzáférését bármikor megszüntetheti a Profil → Kezelők oldalon. ` +
      `A link egyszer használható, ${p.days} napig érvényes.`,
  };
}
