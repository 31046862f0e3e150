/** Security notices of the auth module (two-factor, e-mail change), per language. */
type Lang = "hu" | "en";

export function twoFactorEnabledMail(lang: Lang, p: { name: string }) {
  if (lang === "en") {
    return {
      subject: "Two-factor login is on for your Kapu account",
      text:
        `Hello ${p.name},\n\n` +
        `two-factor login was just turned on for your account: from now on, logging in also asks for a code from your authenticator app. ` +
        `Keep your recovery codes in a safe place: each lets you in once if you lose your phone.\n\n` +
        `If this was not you, contact us at once.`,
    };
  }
  return {
    subject: "Bekapcsolt a kétlépcsős belépés a Kapu-fiókjában",
    text:
      `Kedves ${p.name}!\n\n` +
      `A fiókjában az imént bekapcsolták a kétlépcsős belépést: ezentúl a belépéskor a hitelesítő alkalmazás kódját is kérjük. ` +
      `A tartalékkódokat tartsa biztonságos helyen: mindegyikkel egyszer beléphet, ha elveszíti a telefonját.\n\n` +
      `Ha nem Ön volt, azonnal jelezze nekünk.`,
  };
}

export function twoFactorDisabledMail(lang: Lang, p: { name: string; byAdministrator: boolean }) {
  if (lang === "en") {
    return {
      subject: "Two-factor login is off for your Kapu account",
      text:
        `Hello ${p.name},\n\n` +
        (p.byAdministrator
          ? `an administrator turned off two-factor login for your account, and every session was logged out. `
          : `two-factor login was just turned off for your account: logging in asks only for the password now. `) +
        `Your recovery codes no longer work.\n\n` +
        `If you did not ask for this, contact us at once.`,
    };
  }
  return {
    subject: "Kikapcsolt a kétlépcsős belépés a Kapu-fiókjában",
    text:
      `Kedves ${p.name}!\n\n` +
      (p.byAdministrator
        ? `Egy adminisztrátor kikapcsolta a fiókjában a kétlépcsős belépést, és minden munkamenetet kiléptettünk. `
        : `A fiókjában az imént kikapcsolták a kétlépcsős belépést: a belépéshez ezentúl csak a jelszó kell. `) +
      `A tartalékkódjai már nem érvényesek.\n\n` +
      `Ha nem Ön kérte, azonnal jelezze nekünk.`,
  };
}

/** Someone gave the right password and then wrong codes, again and again. */
export function twoFactorFailuresMail(lang: Lang, p: { name: string }) {
  if (lang === "en") {
    return {
      subject: "Failed logins to your Kapu account",
      text:
        `Hello ${p.name},

` +
        `someone entered the right password of your account but then wrong two-factor codes, several times. ` +
        `Logging in with a code is paused for a while.

` +
        `If this was not you, your password is known to someone else: change it at once (or use "Forgot password" on the login page), and contact us.`,
    };
  }
  return {
    subject: "Sikertelen belépések a Kapu-fiókjába",
    text:
      `Kedves ${p.name}!

` +
      `Valaki a fiókja helyes jelszavát adta meg, de utána többször hibás kétlépcsős kódot. ` +
      `A kódos belépést egy időre felfüggesztettük.

` +
      `Ha nem Ön volt, a jelszavát más is ismeri: azonnal változtassa meg (vagy használja a belépési oldal „Elfelejtett jelszó” linkjét), és jelezze nekünk.`,
  };
}

/** To the new address: the link that confirms it. */
export function emailChangeConfirmMail(
  lang: Lang,
  p: { name: string; link: string; hours: number },
) {
  if (lang === "en") {
    return {
      subject: "Confirm your new Kapu login e-mail address",
      text:
        `Hello ${p.name},\n\n` +
        `you asked to log in to Kapu with this e-mail address from now on. Open this link to confirm it:\n\n` +
        `${p.link}\n\n` +
        `The link works once and for ${p.hours} hours. If you did not ask for it, ignore this e-mail: nothing changes.`,
    };
  }
  return {
    subject: "Erősítse meg az új Kapu belépési e-mail-címét",
    text:
      `Kedves ${p.name}!\n\n` +
      `Azt kérte, hogy ezentúl ezzel az e-mail-címmel lépjen be a Kapuba. Az alábbi linken megerősítheti:\n\n` +
      `${p.link}\n\n` +
      `A link egyszer használható, ${p.hours} óráig érvényes. Ha nem Ön kérte, hagyja figyelmen kívül ezt a levelet: semmi sem változik.`,
  };
}

/** To the old address: a change was asked for (and, with `done`, made). */
export function emailChangeNoticeMail(
  lang: Lang,
  p: { name: string; newEmail: string; done: boolean },
) {
  if (lang === "en") {
    return {
      subject: p.done
        ? "Your Kapu login e-mail address was changed"
        : "A change of your Kapu login e-mail address was requested",
      text:
        `Hello ${p.name},\n\n` +
        (p.done
          ? `the login e-mail address of your account is now ${p.newEmail}, and your other sessions were logged out. This address no longer logs in.\n\n`
          : `someone logged in to your account asked to change its login e-mail address to ${p.newEmail}. The change happens only when the link sent there is opened.\n\n`) +
        `If this was not you, change your password at once and contact us.`,
    };
  }
  return {
    subject: p.done
      ? "Megváltozott a Kapu belépési e-mail-címe"
      : "Kérték a Kapu belépési e-mail-címének megváltoztatását",
    text:
      `Kedves ${p.name}!\n\n` +
      (p.done
        ? `A fiókja belépési e-mail-címe mostantól ${p.newEmail}, a többi munkamenetét kiléptettük. Ezzel a címmel már nem lehet belépni.\n\n`
        : `A fiókjába belépve kérték, hogy a belépési e-mail-cím ${p.newEmail} legyen. A csere csak akkor történik meg, ha az oda küldött linket megnyitják.\n\n`) +
      `Ha nem Ön volt, azonnal változtassa meg a jelszavát, és jelezze nekünk.`,
  };
}
