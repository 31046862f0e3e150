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
