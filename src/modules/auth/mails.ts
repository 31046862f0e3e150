/** The auth module's e-mails, per language. */
type Lang = "hu" | "en";

export function passwordResetMail(lang: Lang, p: { name: string; link: string; minutes: number }) {
  if (lang === "en") {
    return {
      subject: "Reset your Kapu password",
      text:
        `Hello ${p.name},\n\n` +
        `we received a request to reset the password of your account. Open this link to choose a new password:\n\n` +
        `${p.link}\n\n` +
        `The link works once and for ${p.minutes} minutes. If you did not ask for it, ignore this e-mail: your password stays as it is.`,
    };
  }
  return {
    subject: "Kapu jelszó visszaállítása",
    text:
      `Kedves ${p.name}!\n\n` +
      `Jelszó-visszaállítást kértek a fiókjához. Az alábbi linken új jelszót választhat:\n\n` +
      `${p.link}\n\n` +
      `A link egyszer használható, ${p.minutes} percig érvényes. Ha nem Ön kérte, hagyja figyelmen kívül ezt a levelet: a jelszava nem változik.`,
  };
}

export function passwordChangedMail(lang: Lang, p: { name: string }) {
  if (lang === "en") {
    return {
      subject: "Your Kapu password was changed",
      text: `Hello ${p.name},\n\nthe password of your account was just changed, and every session was logged out. If this was not you, contact us at once.`,
    };
  }
  return {
    subject: "Megváltozott a Kapu jelszava",
    text: `Kedves ${p.name}!\n\nA fiókja jelszavát az imént megváltoztatták, és minden munkamenetet kiléptettünk. Ha nem Ön volt, azonnal jelezze nekünk.`,
  };
}

/** After the user changed the password themselves: other sessions ended, this one kept. */
export function passwordChangeNoticeMail(lang: Lang, p: { name: string; sessionsClosed: number }) {
  if (lang === "en") {
    return {
      subject: "Your Kapu password was changed",
      text:
        `Hello ${p.name},\n\n` +
        `the password of your account was just changed from your profile. ` +
        (p.sessionsClosed > 0
          ? `Your other sessions (${p.sessionsClosed}) were logged out.\n\n`
          : `\n\n`) +
        `If this was not you, reset your password at once with "Forgot password" on the login page, and contact us.`,
    };
  }
  return {
    subject: "Megváltozott a Kapu jelszava",
    text:
      `Kedves ${p.name}!\n\n` +
      `A fiókja jelszavát az imént megváltoztatták a profiloldalon. ` +
      (p.sessionsClosed > 0
        ? `A többi munkamenetét (${p.sessionsClosed}) kiléptettük.\n\n`
        : `\n\n`) +
      `Ha nem Ön volt, azonnal állítsa vissza a jelszavát a belépési oldal „Elfelejtett jelszó” linkjével, és jelezze nekünk.`,
  };
}

export function staffInvitationMail(lang: Lang, p: { name: string; link: string }) {
  if (lang === "en") {
    return {
      subject: "Your Kapu staff account",
      text:
        `Hello ${p.name},\n\na staff account was created for you in Kapu. Open this link to choose your password:\n\n` +
        `${p.link}\n\nThe link works once and for 24 hours. At your first login you will set up two-factor authentication.`,
    };
  }
  return {
    subject: "Kapu munkatársi fiókja",
    text:
      `Kedves ${p.name}!\n\nMunkatársi fiókot hoztunk létre Önnek a Kapuban. Az alábbi linken választhat jelszót:\n\n` +
      `${p.link}\n\nA link egyszer használható, 24 óráig érvényes. Első belépéskor kétlépcsős azonosítást állít be.`,
  };
}
